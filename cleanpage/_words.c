/* Word count of a block's text, for the text rules (cleanpage/filters/_text.py).
 *
 * count(text) == len(text.split()) + (Han, kana and Thai characters) // 2:
 * filters._text.count_words does the same with a split and a pattern, which
 * allocate a string per word; this reads the characters once and allocates
 * nothing. Optional: where it is not built, `words` counts in Python.
 *
 * listed(text, words) counts the words of text that are keys of the dict
 * words, for language detection (cleanpage/lang.py): a string is made only
 * per word, none for the list Python's split and filter build.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* The scripts written without spaces, as _UNSPACED in filters/_text.py. */
static int unspaced(Py_UCS4 c)
{
    return (c >= 0x0e00 && c <= 0x0e7f) || (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf)
        || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
}

/* str.split() splits on the characters Py_UNICODE_ISSPACE accepts. */
#define COUNT_LOOP(T)                                        \
    {                                                        \
        const T *s = (const T *)data;                        \
        for (Py_ssize_t i = 0; i < len; i++) {               \
            Py_UCS4 c = s[i];                                \
            int space = Py_UNICODE_ISSPACE(c);               \
            words += !space && !in_word;                     \
            in_word = !space;                                \
            chars += unspaced(c);                            \
        }                                                    \
    }

static PyObject *count(PyObject *self, PyObject *text)
{
    (void)self;
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "count() wants a str");
        return NULL;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0)
        return NULL;
#endif
    Py_ssize_t len = PyUnicode_GET_LENGTH(text), words = 0, chars = 0;
    const void *data = PyUnicode_DATA(text);
    int in_word = 0;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND: COUNT_LOOP(Py_UCS1) break;
    case PyUnicode_2BYTE_KIND: COUNT_LOOP(Py_UCS2) break;
    default: COUNT_LOOP(Py_UCS4) break;
    }
    return PyLong_FromSsize_t(words + chars / 2);
}

/* A character of a word as lang._WORD ([^\W\d_]) takes it: re's \w is
 * Py_UNICODE_ISALNUM (or "_"), and \d is Py_UNICODE_ISDECIMAL; in ASCII, the
 * letters. */
#define IS_LETTER(c) ((c) < 128 ? (((c) | 0x20) >= 'a' && ((c) | 0x20) <= 'z') \
                                 : Py_UNICODE_ISALNUM(c) && !Py_UNICODE_ISDECIMAL(c))

/* Add one to counts[text[start:end]] if that word is a key of listed. */
static int tally(PyObject *text, Py_ssize_t start, Py_ssize_t end, PyObject *listed, PyObject *counts)
{
    PyObject *word = PyUnicode_Substring(text, start, end);
    if (word == NULL)
        return -1;
    int found = PyDict_Contains(listed, word), rc = 0;
    if (found > 0) {
        PyObject *n = PyDict_GetItemWithError(counts, word);  /* borrowed */
        if (n == NULL && PyErr_Occurred())
            rc = -1;
        else {
            PyObject *m = PyLong_FromSsize_t(n == NULL ? 1 : PyLong_AsSsize_t(n) + 1);
            rc = m == NULL ? -1 : PyDict_SetItem(counts, word, m);
            Py_XDECREF(m);
        }
    }
    Py_DECREF(word);
    return found < 0 ? -1 : rc;
}

#define LISTED_LOOP(T)                                                            \
    {                                                                             \
        const T *s = (const T *)data;                                             \
        for (Py_ssize_t i = 0; i <= len; i++) {                                   \
            int letter = i < len && IS_LETTER(s[i]);                              \
            if (letter && start < 0)                                              \
                start = i;                                                        \
            else if (!letter && start >= 0) {                                     \
                if (i - start <= longest && tally(text, start, i, listed, counts) < 0) \
                    goto error;                                                   \
                start = -1;                                                       \
            }                                                                     \
        }                                                                         \
    }

static PyObject *listed_words(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *text, *listed;
    Py_ssize_t longest;
    if (!PyArg_ParseTuple(args, "UO!n:listed", &text, &PyDict_Type, &listed, &longest))
        return NULL;
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0)
        return NULL;
#endif
    PyObject *counts = PyDict_New();
    if (counts == NULL)
        return NULL;
    Py_ssize_t len = PyUnicode_GET_LENGTH(text), start = -1;
    const void *data = PyUnicode_DATA(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND: LISTED_LOOP(Py_UCS1) break;
    case PyUnicode_2BYTE_KIND: LISTED_LOOP(Py_UCS2) break;
    default: LISTED_LOOP(Py_UCS4) break;
    }
    return counts;
error:
    Py_DECREF(counts);
    return NULL;
}

static PyMethodDef methods[] = {
    {"count", count, METH_O, "len(text.split()) + characters of unspaced scripts // 2"},
    {"listed", listed_words, METH_VARARGS, "How often each word of text that is a key of words occurs, in first-occurrence order"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "cleanpage._words", "Word count of a block's text, in C.", -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__words(void)
{
    return PyModule_Create(&module);
}
