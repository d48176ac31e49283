/* Word count of a block's text, for the text rules (cleanpage/filters/_text.py).
 *
 * count(text) == len(text.split()) + (Han, kana and Thai characters) // 2:
 * filters._text.count_words does the same with a split and a pattern, which
 * allocate a string per word; this reads the characters once and allocates
 * nothing. Optional: where it is not built, `words` counts in Python.
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

static PyMethodDef methods[] = {
    {"count", count, METH_O, "len(text.split()) + characters of unspaced scripts // 2"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "cleanpage._words", "Word count of a block's text, in C.", -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__words(void)
{
    return PyModule_Create(&module);
}
