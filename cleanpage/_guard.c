/*
 * cleanpage._guard: the guards' facts about a page, in one pass of C.
 *
 * Before Lexbor sees a page, cleanpage.limits checks it for illegal
 * characters, tags with too many attributes and nesting that is too deep.
 * On normal pages every check passes, and each one in Python is a separate
 * pass over the whole page (a regular expression, a split). ``scan`` reads
 * the page once and returns what all of them need:
 *
 *   scan(text, max_attributes) -> (tags, longest_piece, illegal, depth, noscript, crowded)
 *
 *   tags           text.count("<")
 *   longest_piece  max(map(len, text.split(">")))
 *   illegal        number of characters limits._ILLEGAL matches
 *   depth          limits.nesting_depth(text), exactly
 *   noscript       number of "<noscript" (ASCII case-insensitive)
 *   crowded        pieces of text.split(">") in which limits.drop_excess_attributes
 *                  may find a tag to trim: those it searches (2 * max_attributes
 *                  characters or more, max_attributes of them " " or "\n")
 *                  that have max_attributes whitespace characters after their
 *                  first "<" and letter (the tag's attributes are there)
 *
 * The Python side only acts on these (and runs the Python fix-up path) when
 * a check fails. ``depth`` follows the regular expression limits._TAGS
 * character for character, including its Unicode rules (``\b``, ``\s`` and
 * case folding); tests/test_guard_scan.py compares the two on generated
 * and corpus pages.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* With SSE2 (every x86-64), the loop tests 16 bytes at a time and visits
 * only the characters that may matter; elsewhere it visits every one. */
#if defined(__SSE2__) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
#define BLOCKS 1
#endif

/* Elements that never nest (limits._FLAT_TAGS): void elements and those a
 * sibling closes. limits._NESTS matches them written all lower or all upper
 * case only, followed by anything but a word character, ':' or '-'. */
static const char *const FLAT[] = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "keygen", "frame", "basefont", "bgsound", "image",
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
    "rb", "rt", "rp", "rtc", "a", "nobr", "button", "form", NULL,
};
/* Raw-text elements (limits._RAW_TEXT): their content is skipped. */
static const char *const RAW[] = {"script", "style", "textarea", "title", "xmp", "svg", "math", NULL};

/* ASCII classes for the main loop. */
enum { A_PLAIN = 0, A_LT = 1, A_GT = 2, A_ILLEGAL = 3 };
static unsigned char ascii_class[128];

/* limits._ILLEGAL past ASCII: DEL..C1, surrogates, BMP noncharacters. */
#define ILLEGAL_WIDE(ch) \
    ((ch) <= 0x9F || ((ch) >= 0xD800 && (ch) <= 0xDFFF) || \
     ((ch) >= 0xFDD0 && ((ch) <= 0xFDEF || (ch) == 0xFFFE || (ch) == 0xFFFF)))

/* \w of a str pattern (a table for ASCII, the Unicode database past it). */
static unsigned char ascii_word[128];
static inline int is_word(Py_UCS4 ch)
{
    return ch < 128 ? ascii_word[ch] : Py_UNICODE_ISALNUM(ch);
}

/* One character of (?i:name) against the lower-case ASCII letter c: re
 * compares simple lower cases, and adds i~ı and s~ſ (sre_compile's fixes). */
static inline int folds_to(Py_UCS4 ch, char c)
{
    if (ch < 128)
        return (ch | 0x20) == (Py_UCS4)c && ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z');
    if ((c == 'i' && ch == 0x131) || (c == 's' && ch == 0x17F))
        return 1;
    return Py_UNICODE_TOLOWER(ch) == (Py_UCS4)c;
}

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t n;
} Text;

#define AT(t, i) PyUnicode_READ((t)->kind, (t)->data, (i))

/* (?i:name) at i, with no boundary check. */
static int name_at(const Text *t, Py_ssize_t i, const char *name)
{
    for (; *name; name++, i++)
        if (i >= t->n || !folds_to(AT(t, i), *name))
            return 0;
    return 1;
}

/* FLAT words by first letter, filled at import. */
static const char *flat_by_letter[26][8];

/* A flat tag name at i (see FLAT), as limits._NESTS's lookahead tests it:
 * a word of FLAT, all lower or all upper case, then no word character, ':' or '-'. */
static int flat_at(const Text *t, Py_ssize_t i)
{
    Py_UCS4 first = AT(t, i);
    Py_UCS4 lower = first | 0x20;
    if (lower < 'a' || lower > 'z')
        return 0;
    int upper = first != lower;
    for (const char *const *w = flat_by_letter[lower - 'a']; *w; w++) {
        const char *c = *w + 1;
        Py_ssize_t j = i + 1;
        for (; *c; c++, j++)
            if (j >= t->n || AT(t, j) != (Py_UCS4)(upper ? *c - 32 : *c))
                break;
        if (*c)
            continue;
        if (j >= t->n)
            return 1;
        Py_UCS4 next = AT(t, j);
        if (!(is_word(next) || next == ':' || next == '-'))
            return 1;
    }
    return 0;
}

static inline int ascii_letter(Py_UCS4 ch) { return (ch | 0x20) >= 'a' && (ch | 0x20) <= 'z'; }

/* The depth estimate follows limits._TAGS as its findall would: at each "<"
 * outside a comment or raw-text element, one of
 *   "<!--"                  a comment, to the first "-->" after it (or the end);
 *   "<script" + \b ...      a raw-text element, to its end tag (or the end);
 *   "</" + nesting name     -1;
 *   "<" + nesting name      +1;
 * and the depth is the largest rise of the running sum over its earlier low
 * (stray closing tags do not make it negative). Comments and raw text are
 * modes of the one pass, not scans of their own. */
enum { M_TAGS, M_COMMENT, M_RAW };

typedef struct {
    Py_ssize_t tags, illegal, noscript, longest, piece_start, crowded, max_attributes;
    long sum, low, depth;
    int mode;
    Py_ssize_t mode_start;  /* where the comment's "<!--" or the raw text's content starts */
    const char *raw;        /* the raw-text element's name */
} Facts;

static inline void add_step(Facts *f, int step)
{
    f->sum += step;
    if (f->sum < f->low)
        f->low = f->sum;
    if (f->sum - f->low > f->depth)
        f->depth = f->sum - f->low;
}

/* A "<" at i while looking for tags. */
static void tag_at(const Text *t, Py_ssize_t i, Facts *f)
{
    Py_ssize_t n = t->n;
    if (i + 1 >= n)
        return;
    Py_UCS4 c1 = AT(t, i + 1);
    if (c1 == '!') {
        if (i + 3 < n && AT(t, i + 2) == '-' && AT(t, i + 3) == '-') {
            f->mode = M_COMMENT;
            f->mode_start = i;
        }
        return;
    }
    for (const char *const *name = RAW; *name; name++) {
        if (!folds_to(c1, **name) || !name_at(t, i + 1, *name))  /* most tags fail at once */
            continue;
        Py_ssize_t end = i + 1 + (Py_ssize_t)strlen(*name);
        if (end < n && is_word(AT(t, end)))
            break;  /* no \b: "<scripts" is an ordinary tag */
        f->mode = M_RAW;
        f->mode_start = end;
        f->raw = *name;
        return;
    }
    if (c1 == '/') {
        if (i + 2 < n && ascii_letter(AT(t, i + 2)) && !flat_at(t, i + 2))
            add_step(f, -1);
    } else if (ascii_letter(c1) && !flat_at(t, i + 1)) {
        add_step(f, 1);
    }
}

/* A "<" at i inside raw text: its end tag ends the raw text; when the end
 * tag has no ">", the regex's match stops before it, and the "<" is a tag. */
static void raw_lt(const Text *t, Py_ssize_t i, Facts *f)
{
    Py_ssize_t n = t->n;
    if (i + 1 >= n || AT(t, i + 1) != '/' || !name_at(t, i + 2, f->raw))
        return;
    Py_ssize_t m = i + 2 + (Py_ssize_t)strlen(f->raw);
    while (m < n && Py_UNICODE_ISSPACE(AT(t, m)))
        m++;
    f->mode = M_TAGS;
    if (!(m < n && AT(t, m) == '>'))
        tag_at(t, i, f);
}

static inline void on_lt(const Text *t, Py_ssize_t i, Facts *f)
{
    f->tags++;
    if (i + 1 < t->n && (AT(t, i + 1) | 0x20) == 'n' && name_at(t, i + 1, "noscript"))
        f->noscript++;
    if (f->mode == M_TAGS)
        tag_at(t, i, f);
    else if (f->mode == M_RAW)
        raw_lt(t, i, f);
}

#ifdef BLOCKS
/* For 16 bytes of text of a kind: lanes of all ones where the character is c. */
static inline __m128i lanes_equal(int kind, const char *at, int c)
{
    __m128i v = _mm_loadu_si128((const __m128i *)at);
    switch (kind) {
    case 1: return _mm_cmpeq_epi8(v, _mm_set1_epi8((char)c));
    case 2: return _mm_cmpeq_epi16(v, _mm_set1_epi16((short)c));
    default: return _mm_cmpeq_epi32(v, _mm_set1_epi32(c));
    }
}
#endif

/* Whether [a, b) holds at least ``need`` characters that are ' ' or '\n'. */
static int has_spaces(const Text *t, Py_ssize_t a, Py_ssize_t b, Py_ssize_t need)
{
    Py_ssize_t spaces = 0;
#ifdef BLOCKS
    const char *data = (const char *)t->data;
    const int kind = t->kind;
    const Py_ssize_t per = 16 / kind;  /* characters per block */
    while (a + per <= b) {
        /* Each byte lane counts its matches (a match is kind lanes of -1),
         * for up to 255 blocks, then the lanes are summed. */
        __m128i counts = _mm_setzero_si128();
        Py_ssize_t end = b - a > 255 * per ? a + 255 * per : b;
        for (; a + per <= end; a += per) {
            const char *at = data + a * kind;
            counts = _mm_sub_epi8(counts, _mm_or_si128(lanes_equal(kind, at, ' '), lanes_equal(kind, at, '\n')));
        }
        __m128i sums = _mm_sad_epu8(counts, _mm_setzero_si128());
        spaces += (_mm_cvtsi128_si32(sums) + _mm_cvtsi128_si32(_mm_srli_si128(sums, 8))) / kind;
        if (spaces >= need)
            return 1;
    }
#endif
    for (; a < b; a++) {
        Py_UCS4 ch = AT(t, a);
        spaces += ch == ' ' || ch == '\n';
    }
    return spaces >= need;
}

/* The first j in [a, b - 1) where "<" and an ASCII letter start a tag, or b - 1
 * (a when the range is shorter than two characters). */
static Py_ssize_t tag_start(const Text *t, Py_ssize_t a, Py_ssize_t b)
{
#ifdef BLOCKS
    const char *data = (const char *)t->data;
    const int kind = t->kind;
    const Py_ssize_t per = 16 / kind;
    const unsigned firsts = kind == 1 ? 0xFFFF : kind == 2 ? 0x5555 : 0x1111;  /* a character's first byte */
    const int shift = kind == 1 ? 0 : kind == 2 ? 1 : 2;
    for (; a + per <= b; a += per)
        for (unsigned m = (unsigned)_mm_movemask_epi8(lanes_equal(kind, data + a * kind, '<')) & firsts; m;
             m &= m - 1) {
            Py_ssize_t j = a + (__builtin_ctz(m) >> shift);
            if (j + 1 < b && ascii_letter(AT(t, j + 1)))
                return j;
        }
#endif
    while (a + 1 < b && !(AT(t, a) == '<' && ascii_letter(AT(t, a + 1))))
        a++;
    return a;
}

/* A piece of text.split(">") ends at i: long ones (a few per page: scripts,
 * paragraphs) have their spaces counted. */
static void end_piece(const Text *t, Py_ssize_t i, Facts *f)
{
    Py_ssize_t len = i - f->piece_start;
    if (len > f->longest)
        f->longest = len;
    if (len >= 2 * f->max_attributes && has_spaces(t, f->piece_start, i, f->max_attributes)) {
        Py_ssize_t j = tag_start(t, f->piece_start, i);
        Py_ssize_t after = 0;
        if (j + 1 < i)
            for (; j < i && after < f->max_attributes; j++)
                after += Py_UNICODE_ISSPACE(AT(t, j)) != 0;
        if (after >= f->max_attributes)
            f->crowded++;
    }
    f->piece_start = i + 1;
}

static inline void on_gt(const Text *t, Py_ssize_t i, Facts *f)
{
    end_piece(t, i, f);
    /* a comment ends at the first "-->" whose dashes are not those of "<!--" */
    if (f->mode == M_COMMENT && i - 2 >= f->mode_start + 4 && AT(t, i - 1) == '-' &&
        AT(t, i - 2) == '-')
        f->mode = M_TAGS;
}

/* The character ch at i. Most characters are one table lookup (ASCII) or
 * one range test. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline void visit(const Text *t, Py_ssize_t i, Py_UCS4 ch, Facts *f)
{
    int cls = ch < 128 ? ascii_class[ch] : (ILLEGAL_WIDE(ch) ? A_ILLEGAL : A_PLAIN);
    if (cls == A_PLAIN)
        return;
    if (cls == A_ILLEGAL)
        f->illegal++;
    else if (cls == A_GT)
        on_gt(t, i, f);
    else
        on_lt(t, i, f);
}

#ifdef BLOCKS
/* Which characters of 16 bytes of text visit() must see: one bit per
 * character (its first byte's), set for '<', '>' and every character
 * outside ' '..'~' that may be illegal (a superset of A_LT, A_GT and
 * A_ILLEGAL; visit() decides). Most blocks of markup have none. */
static inline unsigned notable1(const void *at)
{
    __m128i v = _mm_loadu_si128((const __m128i *)at);
    __m128i tag = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('<')), _mm_cmpeq_epi8(v, _mm_set1_epi8('>')));
    /* outside ' '..'~': v - ' ' (wrapping) above '~' - ' ' */
    __m128i out = _mm_subs_epu8(_mm_sub_epi8(v, _mm_set1_epi8(' ')), _mm_set1_epi8('~' - ' '));
    unsigned printable = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(out, _mm_setzero_si128()));
    return (~printable & 0xFFFF) | (unsigned)_mm_movemask_epi8(tag);
}

static inline unsigned notable2(const void *at)
{
    __m128i v = _mm_loadu_si128((const __m128i *)at);
    __m128i zero = _mm_setzero_si128();
#define IN_RANGE(lo, hi) _mm_cmpeq_epi16(                                             \
        _mm_subs_epu16(_mm_sub_epi16(v, _mm_set1_epi16((short)(lo))), _mm_set1_epi16((short)((hi) - (lo)))), zero)
    __m128i m = _mm_or_si128(_mm_cmpeq_epi16(v, _mm_set1_epi16('<')), _mm_cmpeq_epi16(v, _mm_set1_epi16('>')));
    if (_mm_movemask_epi8(_mm_andnot_si128(m, IN_RANGE(' ', '~'))) == 0xFFFF)
        return 0;  /* most blocks: printable ASCII, no tag */
    m = _mm_or_si128(m, IN_RANGE(0, 0x1F));          /* controls (and tab, newline) */
    m = _mm_or_si128(m, IN_RANGE(0x7F, 0x9F));       /* DEL and C1 */
    m = _mm_or_si128(m, IN_RANGE(0xD800, 0xDFFF));   /* surrogates */
    m = _mm_or_si128(m, IN_RANGE(0xFDD0, 0xFDEF));   /* noncharacters */
    m = _mm_or_si128(m, IN_RANGE(0xFFFE, 0xFFFF));
#undef IN_RANGE
    return (unsigned)_mm_movemask_epi8(m) & 0x5555;
}

static inline unsigned notable4(const void *at)
{
    __m128i v = _mm_loadu_si128((const __m128i *)at);
    __m128i bias = _mm_set1_epi32((int)0x80000000u);  /* unsigned order as signed */
    __m128i b = _mm_xor_si128(v, bias);
    __m128i m = _mm_or_si128(_mm_cmpeq_epi32(v, _mm_set1_epi32('<')), _mm_cmpeq_epi32(v, _mm_set1_epi32('>')));
    m = _mm_or_si128(m, _mm_cmplt_epi32(b, _mm_xor_si128(_mm_set1_epi32(' '), bias)));
    m = _mm_or_si128(m, _mm_cmpgt_epi32(b, _mm_xor_si128(_mm_set1_epi32('~'), bias)));
    return (unsigned)_mm_movemask_epi8(m) & 0x1111;
}

/* The main loop, once per string kind so that reading a character is a
 * plain load: 16 bytes at a time, visiting the notable characters only. */
#define SCAN_LOOP(TYPE, NOTABLE, SHIFT)                                          \
    {                                                                            \
        const TYPE *p = (const TYPE *)t.data;                                    \
        const Py_ssize_t per = 16 / sizeof(TYPE);                                \
        Py_ssize_t i = 0;                                                        \
        for (; i + per <= t.n; i += per) {                                       \
            for (unsigned m = NOTABLE(p + i); m; m &= m - 1) {                   \
                Py_ssize_t j = i + (__builtin_ctz(m) >> (SHIFT));                \
                visit(&t, j, p[j], &f);                                          \
            }                                                                    \
        }                                                                        \
        for (; i < t.n; i++)                                                     \
            visit(&t, i, p[i], &f);                                              \
    }
#else
#define SCAN_LOOP(TYPE, NOTABLE, SHIFT)                                          \
    {                                                                            \
        const TYPE *p = (const TYPE *)t.data;                                    \
        for (Py_ssize_t i = 0; i < t.n; i++)                                     \
            visit(&t, i, p[i], &f);                                              \
    }
#endif

static PyObject *scan(PyObject *self, PyObject *args)
{
    PyObject *arg;
    Py_ssize_t max_attributes;
    if (!PyArg_ParseTuple(args, "Un", &arg, &max_attributes))
        return NULL;
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(arg) < 0)
        return NULL;
#endif
    Text t = {PyUnicode_KIND(arg), PyUnicode_DATA(arg), PyUnicode_GET_LENGTH(arg)};
    Facts f = {0};
    f.max_attributes = max_attributes;
    switch (t.kind) {
    case PyUnicode_1BYTE_KIND: SCAN_LOOP(Py_UCS1, notable1, 0) break;
    case PyUnicode_2BYTE_KIND: SCAN_LOOP(Py_UCS2, notable2, 1) break;
    default: SCAN_LOOP(Py_UCS4, notable4, 2) break;
    }
    end_piece(&t, t.n, &f);
    return Py_BuildValue("(nnnlnn)", f.tags, f.longest, f.illegal, f.depth, f.noscript, f.crowded);
}

static PyMethodDef methods[] = {
    {"scan", scan, METH_VARARGS,
     "scan(text, max_attributes) -> (tags, longest_piece, illegal, depth, noscript, crowded): "
     "see the module comment."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "cleanpage._guard", "The guards' facts about a page, in one pass.",
    -1, methods,
};

PyMODINIT_FUNC PyInit__guard(void)
{
    for (int c = 0; c < 128; c++) {
        int bad = (c <= 0x08) || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F;
        ascii_class[c] = bad ? A_ILLEGAL : A_PLAIN;
    }
    for (int c = 0; c < 128; c++)
        ascii_word[c] = c == '_' || Py_UNICODE_ISALNUM(c);
    ascii_class['<'] = A_LT;
    for (const char *const *w = FLAT; *w; w++) {
        const char **slot = flat_by_letter[**w - 'a'];
        while (*slot)
            slot++;
        *slot = *w;  /* at most 7 words share a letter ("t": tr td th thead tbody tfoot track) */
    }
    ascii_class['>'] = A_GT;
    return PyModule_Create(&module);
}
