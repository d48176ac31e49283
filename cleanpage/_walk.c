/*
 * cleanpage._walk: the HTML segmentation hot path, in C.
 *
 * One depth-first walk over the Lexbor tree that selectolax parsed turns the
 * page into blocks: block elements open and close paragraphs, links and
 * images are recorded with their offsets, <br> splits lines, and elements a
 * DOM filter dropped are carried through as drop regions. It is the same
 * algorithm as the pure-Python path in segment.py (which stays as the
 * fallback and the reference the tests compare against), without one Python
 * call per node.
 *
 * The tree is read through the node pointer selectolax exposes as
 * ``LexborNode.mem_id``. The few struct layouts below mirror Lexbor's public
 * DOM interfaces (dom/interfaces/{node,element,attr,character_data}.h); the
 * Python side checks them on a probe document at import and falls back to the
 * Python path if anything disagrees, so a future selectolax with another
 * layout costs speed, never correctness.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <stdint.h>
#include <string.h>

/* ---- Lexbor ABI (read-only mirror) ------------------------------------ */

typedef struct cp_node cp_node;
struct cp_node {
    void *events;
    uintptr_t local_name, prefix, ns;
    void *owner_document;
    cp_node *next, *prev, *parent, *first_child, *last_child;
    void *user;
    int type;
};
typedef struct { unsigned char *data; size_t length; } cp_str;
typedef struct { cp_node node; cp_str data; } cp_chardata;
typedef struct cp_attr cp_attr;
typedef struct {
    cp_node node;
    uintptr_t upper_name, qualified_name;
    cp_str *is_value;
    cp_attr *first_attr, *last_attr, *attr_id, *attr_class;
} cp_element;
struct cp_attr {
    cp_node node;
    uintptr_t upper_name, qualified_name;
    cp_str *value;
    cp_element *owner;
    cp_attr *next, *prev;
};

enum { NODE_ELEMENT = 1, NODE_ATTRIBUTE = 2, NODE_TEXT = 3, NODE_DOCUMENT = 9 };

/* The next node of a depth-first walk of ``root``'s subtree, or NULL. */
static inline cp_node *walk_next(cp_node *node, cp_node *root, int descend) {
    if (descend && node->first_child) return node->first_child;
    while (node != root && !node->next) node = node->parent;
    return node == root || !node ? NULL : node->next;
}

/* Tag classes (one byte per Lexbor tag id, built by segment.py). */
enum {
    C_BLOCK = 1, C_LINE = 2, C_PRE = 4, C_KEEP = 8, C_LINK = 16, C_IMG = 32, C_BR = 64, C_CODE = 128,
};

/* Sentinels shared with segment.py (Unicode noncharacters). */
#define LINK_OPEN 0xFDD3
#define LINK_CLOSE 0xFDD4
#define BREAK 0xFDD5
#define IMAGE 0xFDD6
#define NUMBER_BASE 0xF0000
#define MAX_NUMBERED 0xFFFD

/* ---- small growable arrays -------------------------------------------- */

typedef struct { uint32_t *p; Py_ssize_t n, cap; } u32buf;

static int u32_reserve(u32buf *b, Py_ssize_t extra) {
    if (b->n + extra <= b->cap) return 0;
    Py_ssize_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + extra) cap *= 2;
    uint32_t *p = PyMem_Realloc(b->p, (size_t)cap * sizeof(uint32_t));
    if (!p) { PyErr_NoMemory(); return -1; }
    b->p = p; b->cap = cap;
    return 0;
}
static int u32_push(u32buf *b, uint32_t c) {
    if (b->n >= b->cap && u32_reserve(b, 1) < 0) return -1;
    b->p[b->n++] = c;
    return 0;
}
static int u32_extend(u32buf *b, const uint32_t *src, Py_ssize_t n) {
    if (n <= 0) return 0;
    if (u32_reserve(b, n) < 0) return -1;
    memcpy(b->p + b->n, src, (size_t)n * sizeof(uint32_t));
    b->n += n;
    return 0;
}
static void u32_free(u32buf *b) { PyMem_Free(b->p); b->p = NULL; b->n = b->cap = 0; }

typedef struct { Py_ssize_t *p; Py_ssize_t n, cap; } ibuf;

static int i_push(ibuf *b, Py_ssize_t v) {
    if (b->n >= b->cap) {
        Py_ssize_t cap = b->cap ? b->cap * 2 : 64;
        Py_ssize_t *p = PyMem_Realloc(b->p, (size_t)cap * sizeof(Py_ssize_t));
        if (!p) { PyErr_NoMemory(); return -1; }
        b->p = p; b->cap = cap;
    }
    b->p[b->n++] = v;
    return 0;
}
static void i_free(ibuf *b) { PyMem_Free(b->p); b->p = NULL; b->n = b->cap = 0; }

/* Python's str.isspace(), which str.split() and str.strip() use. */
static inline int is_space(uint32_t c) {
    if (c <= 0x20) return c == 0x20 || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
    if (c < 0x85) return 0;
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Decode UTF-8 (invalid bytes become U+FFFD, one per byte) onto ``out``.
 * The segmentation sentinels' range U+FDD0..U+FDEF becomes U+FFFD too:
 * limits.replace_illegal takes them out of the markup, but a character
 * reference (&#xFDD3;) puts them back in a text node, where they would read
 * as link, image or break marks (a spoofed link, lost text). */
static int decode_utf8(u32buf *out, const unsigned char *s, size_t len) {
    if (u32_reserve(out, (Py_ssize_t)len) < 0) return -1;
    uint32_t *o = out->p + out->n;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) { *o++ = c; i++; continue; }
        uint32_t cp; int need;
        if (c >= 0xC2 && c <= 0xDF) { cp = c & 0x1F; need = 1; }
        else if (c >= 0xE0 && c <= 0xEF) { cp = c & 0x0F; need = 2; }
        else if (c >= 0xF0 && c <= 0xF4) { cp = c & 0x07; need = 3; }
        else { *o++ = 0xFFFD; i++; continue; }
        if (i + (size_t)need >= len) { *o++ = 0xFFFD; i++; continue; }
        int ok = 1;
        for (int k = 1; k <= need; k++) {
            unsigned char d = s[i + k];
            if ((d & 0xC0) != 0x80) { ok = 0; break; }
            cp = (cp << 6) | (d & 0x3F);
        }
        if (!ok || (need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF)) {
            *o++ = 0xFFFD; i++; continue;
        }
        *o++ = (cp >= 0xFDD0 && cp <= 0xFDEF) ? 0xFFFD : cp; i += (size_t)need + 1;
    }
    out->n = o - out->p;
    return 0;
}

static PyObject *to_str(const uint32_t *p, Py_ssize_t n) {
    if (n <= 0) return PyUnicode_New(0, 0);
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, p, n);
}

/* ``" ".join(s.split())`` of p[0:n] onto ``out``. */
static int normalize_ws(u32buf *out, const uint32_t *p, Py_ssize_t n) {
    if (u32_reserve(out, n) < 0) return -1;
    uint32_t *o = out->p + out->n, *start = o;
    int pending = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        uint32_t c = p[i];
        if (is_space(c)) { pending = (o != start); continue; }
        if (pending) { *o++ = ' '; pending = 0; }
        *o++ = c;
    }
    out->n = o - out->p;
    return 0;
}


/* Tuples built directly: Py_BuildValue parses its format on every call, and
 * these are made once per element, block and link. */
static PyObject *tuple_take(Py_ssize_t n, PyObject **items) {
    PyObject *t = PyTuple_New(n);
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!items[i] || !t) {
            for (Py_ssize_t j = i; j < n; j++) Py_XDECREF(items[j]);
            Py_XDECREF(t);
            return NULL;
        }
        PyTuple_SET_ITEM(t, i, items[i]);
    }
    return t;
}

static inline PyObject *new_ref(PyObject *o) { Py_INCREF(o); return o; }

/* ---- objects with slots, made without their __init__ --------------------- */

/* A class with ``__slots__`` whose ``fields`` are writable object slots
 * (a dataclass with slots=True and a plain __init__): objects are made by
 * setting the slots directly, the last fields taking ``defaults``. */
enum { MAX_FIELDS = 16 };
typedef struct {
    PyTypeObject *cls;
    Py_ssize_t n, n_def, offset[MAX_FIELDS];
    PyObject *defaults;
} maker;

static int maker_init(maker *m, PyTypeObject *cls, PyObject *fields, PyObject *defaults) {
    Py_ssize_t n = PyTuple_GET_SIZE(fields), n_def = PyTuple_GET_SIZE(defaults);
    if (n > MAX_FIELDS || n_def > n || !cls->tp_alloc) {
        PyErr_SetString(PyExc_ValueError, "build: at most 16 fields, fewer defaults");
        return -1;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *d = PyObject_GetAttr((PyObject *)cls, PyTuple_GET_ITEM(fields, k));
        if (!d) return -1;
        int ok = Py_IS_TYPE(d, &PyMemberDescr_Type) && PyType_IsSubtype(cls, PyDescr_TYPE(d));
        PyMemberDef *md = ok ? ((PyMemberDescrObject *)d)->d_member : NULL;
        ok = md && md->type == T_OBJECT_EX && !(md->flags & READONLY) && md->offset >= (Py_ssize_t)sizeof(PyObject) &&
             md->offset + (Py_ssize_t)sizeof(PyObject *) <= cls->tp_basicsize;
        Py_DECREF(d);
        if (!ok) {
            PyErr_SetString(PyExc_TypeError, "build: fields must be writable object slots of cls");
            return -1;
        }
        m->offset[k] = md->offset;
    }
    m->cls = cls; m->n = n; m->n_def = n_def; m->defaults = defaults;
    return 0;
}

/* An object of the first ``given`` fields, taken (stolen) from ``items``,
 * and the defaults; NULL (every item released) when an item is NULL. */
static PyObject *maker_take(const maker *m, Py_ssize_t given, PyObject **items) {
    PyObject *obj = NULL;
    for (Py_ssize_t k = 0; k < given; k++) if (!items[k]) goto fail;
    if (given < m->n - m->n_def || given > m->n) {
        PyErr_SetString(PyExc_TypeError, "build: rows must be tuples of the fields without defaults");
        goto fail;
    }
    if (!(obj = m->cls->tp_alloc(m->cls, 0))) goto fail;
    for (Py_ssize_t k = 0; k < m->n; k++) {
        PyObject *v = k < given ? items[k] : new_ref(PyTuple_GET_ITEM(m->defaults, k - (m->n - m->n_def)));
        *(PyObject **)((char *)obj + m->offset[k]) = v;
    }
    return obj;
fail:
    for (Py_ssize_t k = 0; k < given; k++) Py_XDECREF(items[k]);
    return NULL;
}

static inline PyObject *maker_get(const maker *m, PyObject *obj, Py_ssize_t k) {
    return *(PyObject **)((char *)obj + m->offset[k]);
}

static inline void maker_set(const maker *m, PyObject *obj, Py_ssize_t k, PyObject *v) {
    PyObject **slot = (PyObject **)((char *)obj + m->offset[k]);
    PyObject *old = *slot;
    *slot = v;
    Py_XDECREF(old);
}

/* ---- node pointer -> code, looked up per element without a Python int --- */

typedef struct { uintptr_t *keys; Py_ssize_t *vals; unsigned bits; } ptab;

static inline size_t ptab_slot(const ptab *t, uintptr_t key) {
    return (size_t)(((uint64_t)key * 0x9E3779B97F4A7C15ULL) >> (64 - t->bits));
}

/* The table of a dict {mem_id: int}; keys of 0 are left out (no node has it). */
static int ptab_build(ptab *t, PyObject *dict) {
    Py_ssize_t n = PyDict_GET_SIZE(dict), pos = 0;
    t->bits = 4;
    while (((size_t)1 << t->bits) < (size_t)n * 2) t->bits++;
    size_t cap = (size_t)1 << t->bits;
    t->keys = PyMem_Calloc(cap, sizeof(uintptr_t));
    t->vals = PyMem_Malloc(cap * sizeof(Py_ssize_t));
    if (!t->keys || !t->vals) { PyErr_NoMemory(); return -1; }
    PyObject *k, *v;
    while (PyDict_Next(dict, &pos, &k, &v)) {
        if (!PyLong_Check(k) || !PyLong_Check(v)) {
            PyErr_SetString(PyExc_TypeError, "marks: {mem_id: int}");
            return -1;
        }
        uintptr_t key = (uintptr_t)PyLong_AsVoidPtr(k);
        Py_ssize_t val = PyLong_AsSsize_t(v);
        if (PyErr_Occurred()) return -1;
        if (!key) continue;
        size_t i = ptab_slot(t, key);
        while (t->keys[i] && t->keys[i] != key) i = (i + 1) & (cap - 1);
        t->keys[i] = key;
        t->vals[i] = val;
    }
    return 0;
}

/* The code of ``key``, or -2 when it is not in the table. */
static inline Py_ssize_t ptab_get(const ptab *t, uintptr_t key) {
    size_t mask = ((size_t)1 << t->bits) - 1;
    for (size_t i = ptab_slot(t, key); t->keys[i]; i = (i + 1) & mask)
        if (t->keys[i] == key) return t->vals[i];
    return -2;
}

static void ptab_free(ptab *t) { PyMem_Free(t->keys); PyMem_Free(t->vals); t->keys = NULL; t->vals = NULL; }

/* ---- the segmenter ---------------------------------------------------- */

typedef struct {
    /* inputs */
    const unsigned char *classes; Py_ssize_t n_classes;
    ptab marks; int has_marks;   /* mem_id -> drop code (>= 0) or -1 (hint only) */
    uintptr_t a_href, a_src, a_alt;
    PyObject *tag_names;         /* list: tag id -> name ('' where unknown) */
    PyObject *empty;
    uintptr_t keep_ids[8]; int n_keep; /* attributes kept for output formats */
    /* elements */
    PyObject *elements;          /* list of (tag_id, parent, depth, in_link) */
    PyObject *marked;            /* list of (index, mem_id) */
    PyObject *attrs;             /* list of (index, [(attr_id, value), ...]) */
    ibuf el_drop;                /* per element: drop code or -1 */
    ibuf el_inline;
    /* links and images */
    PyObject *hrefs;             /* list of str */
    PyObject *images;            /* list of (src, alt) */
    /* read-back state (mirrors segment._read_back) */
    ibuf stack;
    u32buf buf, chunk, line, out;
    Py_ssize_t link_chars;
    Py_ssize_t in_link;
    Py_ssize_t gap;
    Py_ssize_t pre;
    Py_ssize_t owner, owner_depth; /* owner: drop code, -1 none */
    PyObject *blocks;            /* list of block tuples */
    PyObject *pending;
    /* saved outer paragraphs around an inline drop */
    u32buf *saved; Py_ssize_t *saved_links; Py_ssize_t n_saved, cap_saved;
    Py_ssize_t n_links, n_images;
    int marked_any;
    PyObject *carried;           /* list of (0, src, alt) */
    /* words across inline boxes (segment._glue): an inline element just
     * closed; a space is owed before the next text (1: at the chunk's end;
     * 2: at buf[glue_at], ahead of link marks); a mark other than a link's
     * close came after the last text (segment.py's read-back sees it there,
     * though inline drops inside a drop region put none into buf) */
    int glue_closed, glue_owed, glue_mark;
    Py_ssize_t glue_at;
    Py_ssize_t code;             /* open code-like elements (no glue in them) */
    /* with makers: Element and Block objects in place of their rows */
    maker *el_maker, *block_maker;
    PyObject *reasons;           /* list: drop code -> (filter, reason) */
    PyObject *body_tag;
} seg;

static PyObject *attr_value(cp_element *el, uintptr_t id, int *found) {
    for (cp_attr *a = el->first_attr; a; a = a->next) {
        if (a->node.local_name == id) {
            *found = 1;
            if (!a->value || !a->value->data) return PyUnicode_New(0, 0);
            return PyUnicode_DecodeUTF8((const char *)a->value->data, (Py_ssize_t)a->value->length,
                                        "replace");
        }
    }
    *found = 0;
    return NULL;
}

/* The tag of element ``el`` (the body's for -1). */
static PyObject *element_tag(seg *s, Py_ssize_t el) {
    if (el < 0 || el >= PyList_GET_SIZE(s->elements)) return s->body_tag;
    PyObject *e = PyList_GET_ITEM(s->elements, el);
    return s->el_maker ? maker_get(s->el_maker, e, 0) : PyTuple_GET_ITEM(e, 0);
}

/* Block record: (text, element, link_chars, gap, drop, links, images); with
 * makers, the Block itself (its index is set when the walk is over). */
/* The (filter, reason) pair of drop region ``drop`` (borrowed), or None, None
 * for a block outside every region. */
static int drop_reason(PyObject *reasons, Py_ssize_t drop, PyObject **by, PyObject **why) {
    *by = *why = Py_None;
    if (!reasons || drop < 0 || drop >= PyList_GET_SIZE(reasons))
        return 0;
    PyObject *pair = PyList_GET_ITEM(reasons, drop);
    if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
        PyErr_SetString(PyExc_TypeError, "reasons: (filter, reason) pairs");
        return -1;
    }
    *by = PyTuple_GET_ITEM(pair, 0);
    *why = PyTuple_GET_ITEM(pair, 1);
    return 0;
}

static int add_block(seg *s, PyObject *list, PyObject *text, Py_ssize_t el, Py_ssize_t links,
                     Py_ssize_t gap, Py_ssize_t drop, PyObject *found_links, PyObject *found_images) {
    PyObject *t;
    if (s->block_maker) {
        PyObject *by, *why;
        if (drop_reason(s->reasons, drop, &by, &why) < 0)
            return -1;
        PyObject *items[10] = {
            PyLong_FromSsize_t(-1), new_ref(text), new_ref(element_tag(s, el)), PyLong_FromSsize_t(el),
            PyLong_FromSsize_t(links), PyLong_FromSsize_t(gap), new_ref(by), new_ref(why),
            new_ref(found_links ? found_links : Py_None), new_ref(found_images ? found_images : Py_None),
        };
        t = maker_take(s->block_maker, 10, items);
    } else {
        PyObject *items[7] = {
            new_ref(text), PyLong_FromSsize_t(el), PyLong_FromSsize_t(links), PyLong_FromSsize_t(gap),
            PyLong_FromSsize_t(drop), new_ref(found_links ? found_links : Py_None),
            new_ref(found_images ? found_images : Py_None),
        };
        t = tuple_take(7, items);
    }
    if (!t) return -1;
    int r = PyList_Append(list, t);
    Py_DECREF(t);
    return r;
}

/* segment._unmark: take the link and image marks out of ``line`` into
 * s->out; returns new lists (or NULL when empty) through the pointers. */
static int unmark(seg *s, const uint32_t *line, Py_ssize_t n, int pre,
                  PyObject **links_out, PyObject **images_out) {
    u32buf *out = &s->out;
    out->n = 0;
    if (u32_reserve(out, n) < 0) return -1;
    PyObject *links = NULL, *imgs = NULL;
    ibuf ostart = {0}, onum = {0};
    int have_piece = 0, last_space = 0;
    Py_ssize_t n_hrefs = PyList_GET_SIZE(s->hrefs), n_images = PyList_GET_SIZE(s->images);
    Py_ssize_t pos = 0, i = 0;
    for (;;) {
        /* find the next mark */
        Py_ssize_t j = i;
        while (j < n && line[j] != LINK_OPEN && line[j] != IMAGE && line[j] != LINK_CLOSE) j++;
        /* piece line[pos:j] */
        Py_ssize_t a = pos, b = j;
        if (b > a) {
            if (!pre && (!have_piece || last_space) && line[a] == ' ') {
                while (a < b && line[a] == ' ') a++;
            }
            memcpy(out->p + out->n, line + a, (size_t)(b - a) * sizeof(uint32_t));
            out->n += b - a;
            have_piece = 1;
            last_space = (b > a) && line[b - 1] == ' ';
        }
        if (j >= n) break;
        uint32_t tok = line[j];
        Py_ssize_t num = -1, end = j + 1;
        if (tok != LINK_CLOSE && j + 1 < n) { num = (Py_ssize_t)line[j + 1] - NUMBER_BASE; end = j + 2; }
        Py_ssize_t size = out->n;
        if (tok == LINK_OPEN) {
            if (i_push(&ostart, size) < 0 || i_push(&onum, num) < 0) goto fail;
        } else if (tok == LINK_CLOSE) {
            if (ostart.n) {
                Py_ssize_t start = ostart.p[--ostart.n], k = onum.p[--onum.n];
                if (k >= 0 && k < n_hrefs && size > start) {
                    PyObject *h = PyList_GET_ITEM(s->hrefs, k);
                    if (PyUnicode_GET_LENGTH(h)) {
                        if (!links && !(links = PyList_New(0))) goto fail;
                        PyObject *items[3] = {PyLong_FromSsize_t(start), PyLong_FromSsize_t(size), new_ref(h)};
                        PyObject *t = tuple_take(3, items);
                        if (!t || PyList_Append(links, t) < 0) { Py_XDECREF(t); goto fail; }
                        Py_DECREF(t);
                    }
                }
            }
        } else if (num >= 0 && num < n_images) {
            PyObject *im = PyList_GET_ITEM(s->images, num);
            if (!imgs && !(imgs = PyList_New(0))) goto fail;
            PyObject *t = Py_BuildValue("(nOO)", size, PyTuple_GET_ITEM(im, 0), PyTuple_GET_ITEM(im, 1));
            if (!t || PyList_Append(imgs, t) < 0) { Py_XDECREF(t); goto fail; }
            Py_DECREF(t);
        }
        pos = i = end;
    }
    if (!pre) while (out->n && out->p[out->n - 1] == ' ') out->n--;
    Py_ssize_t endpos = out->n;
    /* clip to the text, drop empty spans, then sort (as the Python path does) */
    if (links) {
        Py_ssize_t w = 0, m = PyList_GET_SIZE(links);
        PyObject *kept = PyList_New(0);
        if (!kept) goto fail;
        for (Py_ssize_t k = 0; k < m; k++) {
            PyObject *t = PyList_GET_ITEM(links, k);
            Py_ssize_t x = PyLong_AsSsize_t(PyTuple_GET_ITEM(t, 0)), y = PyLong_AsSsize_t(PyTuple_GET_ITEM(t, 1));
            if (x > endpos) x = endpos;
            if (y > endpos) y = endpos;
            if (x < y) {
                PyObject *u = Py_BuildValue("(nnO)", x, y, PyTuple_GET_ITEM(t, 2));
                if (!u || PyList_Append(kept, u) < 0) { Py_XDECREF(u); Py_DECREF(kept); goto fail; }
                Py_DECREF(u);
                w++;
            }
        }
        Py_DECREF(links);
        links = NULL;
        if (w) {
            if (w > 1 && PyList_Sort(kept) < 0) { Py_DECREF(kept); goto fail; }
            links = kept;
        } else {
            Py_DECREF(kept);
        }
    }
    if (imgs) {
        Py_ssize_t m = PyList_GET_SIZE(imgs);
        for (Py_ssize_t k = 0; k < m; k++) {
            PyObject *t = PyList_GET_ITEM(imgs, k);
            Py_ssize_t x = PyLong_AsSsize_t(PyTuple_GET_ITEM(t, 0));
            if (x > endpos) {
                PyObject *u = Py_BuildValue("(nOO)", endpos, PyTuple_GET_ITEM(t, 1), PyTuple_GET_ITEM(t, 2));
                if (!u) goto fail;
                PyList_SetItem(imgs, k, u);
            }
        }
    }
    i_free(&ostart); i_free(&onum);
    *links_out = links; *images_out = imgs;
    return 0;
fail:
    i_free(&ostart); i_free(&onum);
    Py_XDECREF(links); Py_XDECREF(imgs);
    return -1;
}

static inline int has_mark(const uint32_t *p, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++)
        if (p[i] == LINK_OPEN || p[i] == IMAGE || p[i] == LINK_CLOSE) return 1;
    return 0;
}

/* One line of a block: unmark, then append (or carry its images). */
static int emit_line(seg *s, const uint32_t *p, Py_ssize_t n, Py_ssize_t el, Py_ssize_t *links,
                     Py_ssize_t drop, Py_ssize_t *g) {
    PyObject *found_links = NULL, *found_images = NULL, *text = NULL;
    const uint32_t *tp = p; Py_ssize_t tn = n;
    if (s->marked_any && has_mark(p, n)) {
        if (unmark(s, p, n, s->pre > 0, &found_links, &found_images) < 0) return -1;
        tp = s->out.p; tn = s->out.n;
    }
    if (tn == 0) {
        if (found_images) {
            Py_ssize_t m = PyList_GET_SIZE(found_images);
            for (Py_ssize_t k = 0; k < m; k++) {
                PyObject *t = PyList_GET_ITEM(found_images, k);
                PyObject *u = Py_BuildValue("(iOO)", 0, PyTuple_GET_ITEM(t, 1), PyTuple_GET_ITEM(t, 2));
                if (!u || PyList_Append(s->carried, u) < 0) { Py_XDECREF(u); goto fail; }
                Py_DECREF(u);
            }
        }
        if (*g < 1) *g = 1;
        Py_XDECREF(found_links); Py_XDECREF(found_images);
        return 0;
    }
    if (PyList_GET_SIZE(s->carried)) {
        PyObject *all = PyList_GetSlice(s->carried, 0, PyList_GET_SIZE(s->carried));
        if (!all) goto fail;
        if (found_images) {
            Py_ssize_t m = PyList_GET_SIZE(found_images);
            for (Py_ssize_t k = 0; k < m; k++)
                if (PyList_Append(all, PyList_GET_ITEM(found_images, k)) < 0) { Py_DECREF(all); goto fail; }
            Py_DECREF(found_images);
        }
        found_images = all;
        if (PyList_SetSlice(s->carried, 0, PyList_GET_SIZE(s->carried), NULL) < 0) goto fail;
    }
    text = to_str(tp, tn);
    if (!text) goto fail;
    Py_ssize_t lc = *links < tn ? *links : tn;
    Py_ssize_t gap = PyList_GET_SIZE(s->blocks) ? *g : 0;
    if (add_block(s, s->blocks, text, el, lc, gap, drop, found_links, found_images) < 0) goto fail;
    Py_DECREF(text);
    Py_XDECREF(found_links); Py_XDECREF(found_images);
    *links = 0;
    *g = 1;
    return 0;
fail:
    Py_XDECREF(text); Py_XDECREF(found_links); Py_XDECREF(found_images);
    return -1;
}

/* segment._read_back's emit(): returns the gap owed afterwards, -1 on error. */
static Py_ssize_t emit(seg *s, const uint32_t *raw, Py_ssize_t n, Py_ssize_t links, Py_ssize_t drop,
                       Py_ssize_t first_gap) {
    Py_ssize_t el = s->stack.n ? s->stack.p[s->stack.n - 1] : -1;
    Py_ssize_t g = first_gap;
    u32buf *line = &s->line;
    if (s->pre) {
        Py_ssize_t a = 0, b = n;
        while (a < b && (raw[a] == '\n' || raw[a] == BREAK)) a++;
        while (b > a && (raw[b - 1] == '\n' || raw[b - 1] == BREAK)) b--;
        line->n = 0;
        if (u32_reserve(line, b - a) < 0) return -1;
        for (Py_ssize_t i = a; i < b; i++) line->p[line->n++] = raw[i] == BREAK ? '\n' : raw[i];
        if (emit_line(s, line->p, line->n, el, &links, drop, &g) < 0) return -1;
    } else {
        Py_ssize_t start = 0;
        for (Py_ssize_t i = 0; i <= n; i++) {
            if (i == n || raw[i] == BREAK) {
                line->n = 0;
                if (normalize_ws(line, raw + start, i - start) < 0) return -1;
                /* emit_line may reuse s->out, never s->line */
                if (emit_line(s, line->p, line->n, el, &links, drop, &g) < 0) return -1;
                start = i + 1;
            }
        }
    }
    return g == 1 ? 0 : g;
}

static int flush_pending(seg *s) {
    Py_ssize_t m = PyList_GET_SIZE(s->pending);
    if (!m) return 0;
    for (Py_ssize_t k = 0; k < m; k++)
        if (PyList_Append(s->blocks, PyList_GET_ITEM(s->pending, k)) < 0) return -1;
    return PyList_SetSlice(s->pending, 0, m, NULL);
}

static int all_space(const uint32_t *p, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++) if (!is_space(p[i])) return 0;
    return 1;
}

/* The text between two tokens joins the paragraph being built. */
static int flush_chunk(seg *s) {
    u32buf *c = &s->chunk;
    if (!c->n) return 0;
    if (s->buf.n || !all_space(c->p, c->n)) {
        if (u32_extend(&s->buf, c->p, c->n) < 0) return -1;
        if (s->in_link) {
            Py_ssize_t a = 0, b = c->n;
            while (a < b && is_space(c->p[a])) a++;
            while (b > a && is_space(c->p[b - 1])) b--;
            s->link_chars += b - a;
        }
    }
    c->n = 0;
    return 0;
}

static int emit_buf(seg *s, Py_ssize_t owner) {
    Py_ssize_t g = emit(s, s->buf.p, s->buf.n, s->link_chars, owner, s->gap);
    if (g < 0) return -1;
    s->gap = g;
    s->buf.n = 0;
    s->link_chars = 0;
    return 0;
}

static int saved_push(seg *s) {
    if (s->n_saved >= s->cap_saved) {
        Py_ssize_t cap = s->cap_saved ? s->cap_saved * 2 : 8;
        u32buf *sv = PyMem_Realloc(s->saved, (size_t)cap * sizeof(u32buf));
        if (!sv) { PyErr_NoMemory(); return -1; }
        s->saved = sv;
        Py_ssize_t *sl = PyMem_Realloc(s->saved_links, (size_t)cap * sizeof(Py_ssize_t));
        if (!sl) { PyErr_NoMemory(); return -1; }
        s->saved_links = sl;
        s->cap_saved = cap;
    }
    /* the current paragraph moves to the saved stack; a fresh one starts */
    s->saved[s->n_saved] = s->buf;
    s->saved_links[s->n_saved] = s->link_chars;
    s->n_saved++;
    memset(&s->buf, 0, sizeof(u32buf));
    s->link_chars = 0;
    return 0;
}

static int tok_open(seg *s, Py_ssize_t idx, int cls, int is_inline) {
    if (flush_chunk(s) < 0) return -1;
    if (is_inline) {
        if (i_push(&s->stack, idx) < 0) return -1;
        if (s->owner < 0) {
            if (saved_push(s) < 0) return -1;
            s->owner = s->el_drop.p[idx];
            s->owner_depth = s->stack.n;
        }
        return 0;
    }
    if (s->n_saved) {
        for (Py_ssize_t k = 0; k < s->n_saved; k++) {
            u32buf *outer = &s->saved[k];
            if (outer->n) {
                Py_ssize_t g = emit(s, outer->p, outer->n, s->saved_links[k], -1, s->gap);
                if (g < 0) return -1;
                s->gap = g;
                outer->n = 0;
                s->saved_links[k] = 0;
            }
        }
    }
    if (s->buf.n) {
        if (emit_buf(s, s->owner) < 0 || flush_pending(s) < 0) return -1;
    }
    Py_ssize_t want = (cls & C_LINE) ? 1 : 2;
    if (s->gap < want) s->gap = want;
    if (i_push(&s->stack, idx) < 0) return -1;
    if (cls & C_PRE) s->pre++;
    if (s->owner < 0 && s->el_drop.p[idx] >= 0) {
        s->owner = s->el_drop.p[idx];
        s->owner_depth = s->stack.n;
    }
    return 0;
}

static int tok_close(seg *s, int cls) {
    if (flush_chunk(s) < 0) return -1;
    if (!s->stack.n) return 0;
    Py_ssize_t idx = s->stack.p[s->stack.n - 1];
    if (s->el_inline.p[idx]) {
        if (s->owner >= 0 && s->stack.n == s->owner_depth && s->n_saved) {
            /* the dropped inline fragment becomes a block of its own */
            u32buf *line = &s->line;
            line->n = 0;
            for (Py_ssize_t i = 0; i < s->buf.n; i++)
                if (s->buf.p[i] == BREAK) s->buf.p[i] = ' ';
            if (normalize_ws(line, s->buf.p, s->buf.n) < 0) return -1;
            const uint32_t *tp = line->p; Py_ssize_t tn = line->n;
            if (s->marked_any && tn) {
                PyObject *fl = NULL, *fi = NULL;
                if (unmark(s, line->p, line->n, 0, &fl, &fi) < 0) return -1;
                Py_XDECREF(fl); Py_XDECREF(fi);
                tp = s->out.p; tn = s->out.n;
            }
            if (tn) {
                PyObject *text = to_str(tp, tn);
                if (!text) return -1;
                int r = add_block(s, s->pending, text, idx, 0, 0, s->owner, NULL, NULL);
                Py_DECREF(text);
                if (r < 0) return -1;
            }
            u32_free(&s->buf);
            s->n_saved--;
            s->buf = s->saved[s->n_saved];
            s->link_chars = s->saved_links[s->n_saved];
            if (s->buf.n && u32_push(&s->buf, ' ') < 0) return -1;
            s->owner = -1; s->owner_depth = -1;
        }
        s->stack.n--;
        return 0;
    }
    if (s->buf.n) {
        if (emit_buf(s, s->owner) < 0 || flush_pending(s) < 0) return -1;
    }
    Py_ssize_t want = (cls & C_LINE) ? 1 : 2;
    if (s->gap < want) s->gap = want;
    s->stack.n--;
    if (cls & C_PRE) s->pre--;
    if (s->owner >= 0 && s->stack.n < s->owner_depth) { s->owner = -1; s->owner_depth = -1; }
    return 0;
}

/* Close actions remembered per open element of the walk. */
enum { K_BRACKET = 1, K_LINK = 2, K_BR = 4, K_GLUE = 8, K_CODE = 16 };

/* Lexbor's ids of well-known attributes are small and the same in every
 * document; the others' are per document (addresses), above this. */
#define MAX_FIXED_ID 4096

/* The attributes output formats may need (colspan, start, ...) of one
 * element: those of ``keep_ids`` and every one with a per-document id,
 * which the caller names (so it learns those ids only on pages that have any). */
static int keep_attrs(seg *s, cp_element *el, Py_ssize_t idx) {
    PyObject *pairs = NULL;
    for (cp_attr *a = el->first_attr; a; a = a->next) {
        uintptr_t id = a->node.local_name;
        int wanted = id > MAX_FIXED_ID;
        for (int k = 0; k < s->n_keep; k++) wanted |= id == s->keep_ids[k];
        if (!wanted) continue;
        PyObject *v = (a->value && a->value->data)
            ? PyUnicode_DecodeUTF8((const char *)a->value->data, (Py_ssize_t)a->value->length, "replace")
            : PyUnicode_New(0, 0);
        if (!v) goto fail;
        if (!pairs && !(pairs = PyList_New(0))) { Py_DECREF(v); goto fail; }
        PyObject *p = Py_BuildValue("(kN)", (unsigned long)id, v);
        if (!p || PyList_Append(pairs, p) < 0) { Py_XDECREF(p); goto fail; }
        Py_DECREF(p);
    }
    if (pairs) {
        PyObject *r = Py_BuildValue("(nN)", idx, pairs);
        if (!r || PyList_Append(s->attrs, r) < 0) { Py_XDECREF(r); return -1; }
        Py_DECREF(r);
    }
    return 0;
fail:
    Py_XDECREF(pairs);
    return -1;
}

/* segment._glue's two character tests: a word may end before the boundary
 * (lowercase letter, digit, closing punctuation) and a new one starts after
 * it (uppercase letter or currency sign). */
static inline int glue_ends(uint32_t c) {
    return Py_UNICODE_ISLOWER(c) || Py_UNICODE_ISDIGIT(c) || c == ')' || c == ']' || c == '.' ||
           c == ',' || c == ':' || c == ';' || c == '!' || c == '?' || c == '%';
}
static inline int glue_starts(uint32_t c) {
    return Py_UNICODE_ISUPPER(c) || c == '$' || (c >= 0xA2 && c <= 0xA5) || (c >= 0x20A0 && c <= 0x20CF);
}

/* An inline element opens right after another closed: owe a space if the
 * text so far ends a word (link close marks are no text). */
static void glue_open(seg *s) {
    uint32_t c = 0;
    if (s->glue_mark) return;
    if (s->chunk.n) {
        c = s->chunk.p[s->chunk.n - 1];
    } else {
        Py_ssize_t i = s->buf.n;
        while (i > 0 && s->buf.p[i - 1] == LINK_CLOSE) i--;
        if (i > 0) c = s->buf.p[i - 1];
    }
    if (c && glue_ends(c)) s->glue_owed = 1;
}

/* A text node was decoded onto the chunk from ``start``: pay the owed space
 * if it starts a word. */
static int glue_text(seg *s, Py_ssize_t start) {
    s->glue_closed = 0;
    if (s->chunk.n > start) s->glue_mark = 0;
    if (!s->glue_owed || s->chunk.n == start) return 0;
    int owed = s->glue_owed;
    s->glue_owed = 0;
    if (!glue_starts(s->chunk.p[start])) return 0;
    u32buf *b = owed == 1 ? &s->chunk : &s->buf;
    Py_ssize_t at = owed == 1 ? start : s->glue_at;
    if (at < 0 || at > b->n) return 0;
    if (u32_reserve(b, 1) < 0) return -1;
    memmove(b->p + at + 1, b->p + at, (size_t)(b->n - at) * sizeof(uint32_t));
    b->p[at] = ' ';
    b->n++;
    return 0;
}

static int open_element(seg *s, cp_node *node, int *kind) {
    uintptr_t tag = node->local_name;
    int cls = tag < (uintptr_t)s->n_classes ? s->classes[tag] : 0;
    cp_element *el = (cp_element *)node;
    Py_ssize_t drop = s->has_marks ? ptab_get(&s->marks, (uintptr_t)node) : -2; /* -2: not marked */
    *kind = 0;
    int block = cls & C_BLOCK;
    if (!block && drop < 0 && !(cls & (C_BR | C_IMG | C_CODE))) {
        if (s->glue_closed && !s->pre && !s->code) glue_open(s);
        *kind |= K_GLUE;
    } else if (block || drop >= 0) {
        s->glue_owed = 0;  /* (a block edge comes first) */
        s->glue_mark = 1;
    }
    s->glue_closed = 0;
    if (cls & C_CODE) { s->code++; *kind |= K_CODE; }
    if (block || drop >= 0) {
        Py_ssize_t idx = PyList_GET_SIZE(s->elements);
        PyObject *name = tag < (uintptr_t)PyList_GET_SIZE(s->tag_names)
            ? PyList_GET_ITEM(s->tag_names, (Py_ssize_t)tag) : s->empty;
        PyObject *items[4] = {
            new_ref(name), PyLong_FromSsize_t(s->stack.n ? s->stack.p[s->stack.n - 1] : -1),
            PyLong_FromSsize_t(s->stack.n), new_ref(s->in_link ? Py_True : Py_False),
        };
        PyObject *t = s->el_maker ? maker_take(s->el_maker, 4, items) : tuple_take(4, items);
        if (!t || PyList_Append(s->elements, t) < 0) { Py_XDECREF(t); return -1; }
        Py_DECREF(t);
        if (i_push(&s->el_drop, drop >= 0 ? drop : -1) < 0 ||
            i_push(&s->el_inline, block ? 0 : 1) < 0)
            return -1;
        if (drop != -2) {
            PyObject *m = Py_BuildValue("(nN)", idx, PyLong_FromVoidPtr(node));
            if (!m || PyList_Append(s->marked, m) < 0) { Py_XDECREF(m); return -1; }
            Py_DECREF(m);
        }
        if ((cls & C_KEEP) && el->first_attr && keep_attrs(s, el, idx) < 0) return -1;
        if (tok_open(s, idx, cls, !block) < 0) return -1;
        *kind |= K_BRACKET;
    }
    if (cls & C_LINK) {
        int found;
        PyObject *href = attr_value(el, s->a_href, &found);
        if (found) {
            if (!href || PyList_Append(s->hrefs, href) < 0) { Py_XDECREF(href); return -1; }
            Py_DECREF(href);
            if (flush_chunk(s) < 0) return -1;
            if (s->glue_owed == 1) { s->glue_owed = 2; s->glue_at = s->buf.n; }
            s->in_link++;
            if (s->n_links < MAX_NUMBERED) {
                if (u32_push(&s->buf, LINK_OPEN) < 0 || u32_push(&s->buf, NUMBER_BASE + (uint32_t)s->n_links) < 0)
                    return -1;
                s->marked_any = 1;
            }
            s->n_links++;
            *kind |= K_LINK;
        }
    }
    if ((cls & C_IMG) && PyList_GET_SIZE(s->images) < MAX_NUMBERED) {
        int found, found_alt;
        PyObject *src = attr_value(el, s->a_src, &found);
        if (found) {
            if (!src) return -1;
            PyObject *alt = attr_value(el, s->a_alt, &found_alt);
            PyObject *alt_norm;
            if (alt && PyUnicode_GET_LENGTH(alt) == 0) {
                alt_norm = alt;
            } else if (alt) {
                Py_ssize_t an = PyUnicode_GET_LENGTH(alt);
                u32buf tmp = {0}, norm = {0};
                if (u32_reserve(&tmp, an) < 0) { Py_DECREF(src); Py_DECREF(alt); return -1; }
                PyUnicode_AsUCS4(alt, tmp.p, an, 0);
                tmp.n = an;
                if (normalize_ws(&norm, tmp.p, tmp.n) < 0) { u32_free(&tmp); Py_DECREF(src); Py_DECREF(alt); return -1; }
                alt_norm = to_str(norm.p, norm.n);
                u32_free(&tmp); u32_free(&norm);
                Py_DECREF(alt);
            } else {
                if (found_alt || PyErr_Occurred()) { Py_DECREF(src); return -1; }
                alt_norm = PyUnicode_New(0, 0);
            }
            if (!alt_norm) { Py_DECREF(src); return -1; }
            PyObject *t = Py_BuildValue("(NN)", src, alt_norm);
            if (!t || PyList_Append(s->images, t) < 0) { Py_XDECREF(t); return -1; }
            Py_DECREF(t);
            if (flush_chunk(s) < 0) return -1;
            s->glue_owed = 0;  /* (an image comes first) */
            s->glue_mark = 1;
            if (s->n_images < PyList_GET_SIZE(s->images)) {
                if (u32_push(&s->buf, IMAGE) < 0 || u32_push(&s->buf, NUMBER_BASE + (uint32_t)s->n_images) < 0)
                    return -1;
                s->marked_any = 1;
            }
            s->n_images++;
        } else if (PyErr_Occurred()) {
            return -1;
        }
    }
    if (cls & C_BR) *kind |= K_BR;
    return 0;
}

static int close_element(seg *s, int kind, Py_ssize_t idx_cls) {
    if (kind & (K_BR | K_LINK | K_BRACKET)) s->glue_owed = 0;  /* a mark or a block edge comes first */
    if (kind & (K_BR | K_BRACKET)) s->glue_mark = 1;
    s->glue_closed = (kind & K_GLUE) != 0;
    if ((kind & K_CODE) && s->code > 0) s->code--;
    if (kind & K_BR) {
        if (flush_chunk(s) < 0) return -1;
        if (s->buf.n && u32_push(&s->buf, BREAK) < 0) return -1;
    }
    if (kind & K_LINK) {
        if (flush_chunk(s) < 0) return -1;
        if (s->in_link > 0) s->in_link--;
        if (u32_push(&s->buf, LINK_CLOSE) < 0) return -1;
    }
    if (kind & K_BRACKET) {
        if (tok_close(s, (int)idx_cls) < 0) return -1;
    }
    return 0;
}

/* The block records become Block's constructor arguments, in field order:
 * (index, text, tag, element, link_chars, gap, dropped_by, reason, links,
 * images), so Python builds them with starmap. ``reasons``: drop code ->
 * (filter, reason). */
static int as_blocks(seg *s, PyObject *reasons) {
    Py_ssize_t n = PyList_GET_SIZE(s->blocks);
    if (s->block_maker) {  /* the Blocks are made: their places are known now */
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *index = PyLong_FromSsize_t(i);
            if (!index) return -1;
            maker_set(s->block_maker, PyList_GET_ITEM(s->blocks, i), 0, index);
        }
        return 0;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *r = PyList_GET_ITEM(s->blocks, i);
        Py_ssize_t el = PyLong_AsSsize_t(PyTuple_GET_ITEM(r, 1));
        Py_ssize_t drop = PyLong_AsSsize_t(PyTuple_GET_ITEM(r, 4));
        PyObject *tag = element_tag(s, el);
        PyObject *by, *why;
        if (drop_reason(reasons, drop, &by, &why) < 0)
            return -1;
        PyObject *items[10] = {
            PyLong_FromSsize_t(i), new_ref(PyTuple_GET_ITEM(r, 0)), new_ref(tag),
            new_ref(PyTuple_GET_ITEM(r, 1)), new_ref(PyTuple_GET_ITEM(r, 2)), new_ref(PyTuple_GET_ITEM(r, 3)),
            new_ref(by), new_ref(why), new_ref(PyTuple_GET_ITEM(r, 5)), new_ref(PyTuple_GET_ITEM(r, 6)),
        };
        PyObject *t = tuple_take(10, items);
        if (!t) return -1;
        PyList_SET_ITEM(s->blocks, i, t);  /* steals t, drops the record */
        Py_DECREF(r);
    }
    return 0;
}

static void seg_free(seg *s) {
    ptab_free(&s->marks);
    i_free(&s->el_drop); i_free(&s->el_inline); i_free(&s->stack);
    u32_free(&s->buf); u32_free(&s->chunk); u32_free(&s->line); u32_free(&s->out);
    for (Py_ssize_t k = 0; k < s->n_saved; k++) u32_free(&s->saved[k]);
    PyMem_Free(s->saved); PyMem_Free(s->saved_links);
    Py_XDECREF(s->elements); Py_XDECREF(s->marked); Py_XDECREF(s->attrs);
    Py_XDECREF(s->hrefs); Py_XDECREF(s->images); Py_XDECREF(s->blocks);
    Py_XDECREF(s->pending); Py_XDECREF(s->carried); Py_XDECREF(s->empty); Py_XDECREF(s->body_tag);
}

PyDoc_STRVAR(segment_doc,
"segment(root, classes, tag_names, marks, reasons, href_id, src_id, alt_id, keep_ids)\n"
"--\n\n"
"Blocks of the subtree under ``root`` (a LexborNode.mem_id). Returns\n"
"(elements, blocks, marked): elements as (tag_id, parent, depth, in_link);\n"
"blocks as Block's arguments (index, text, tag, element, link_chars, gap,\n"
"dropped_by, reason, links, images), drops named by ``reasons``; marked as\n"
"(element, mem_id) for the elements found in ``marks`` (mem_id -> drop code\n"
">= 0, or -1 for elements only to be reported); attrs as (element,\n"
"[(attr_id, value), ...]) for elements of a KEEP class with one of ``keep_ids``\n"
"or with attributes of per-document ids (above 4096).");

static PyObject *py_segment(PyObject *self, PyObject *args) {
    unsigned long long root_addr, a_href, a_src, a_alt;
    Py_buffer classes;
    PyObject *marks, *keep, *tag_names, *reasons, *makers = Py_None;
    if (!PyArg_ParseTuple(args, "Ky*O!OO!KKKO!|O", &root_addr, &classes, &PyList_Type, &tag_names, &marks,
                          &PyList_Type, &reasons, &a_href, &a_src, &a_alt, &PyTuple_Type, &keep, &makers))
        return NULL;
    seg s;
    memset(&s, 0, sizeof s);
    s.tag_names = tag_names;
    s.reasons = reasons;
    maker el_maker, block_maker;
    PyObject *result = NULL;
    if (!(s.empty = PyUnicode_New(0, 0)) || !(s.body_tag = PyUnicode_InternFromString("body"))) goto done;
    if (makers != Py_None) {
        PyObject *ec, *ef, *ed, *bc, *bf, *bd;
        if (!PyTuple_Check(makers)) {
            PyErr_SetString(PyExc_TypeError, "makers: a tuple or None");
            goto done;
        }
        if (!PyArg_ParseTuple(makers, "O!O!O!O!O!O!", &PyType_Type, &ec, &PyTuple_Type, &ef, &PyTuple_Type, &ed,
                              &PyType_Type, &bc, &PyTuple_Type, &bf, &PyTuple_Type, &bd) ||
            maker_init(&el_maker, (PyTypeObject *)ec, ef, ed) < 0 ||
            maker_init(&block_maker, (PyTypeObject *)bc, bf, bd) < 0)
            goto done;
        /* (elements are made from their first 4 fields, blocks from all 10) */
        if (el_maker.n - el_maker.n_def > 4 || el_maker.n < 4 || block_maker.n != 10) {
            PyErr_SetString(PyExc_ValueError, "makers: Element of 4 fields and defaults, Block of 10");
            goto done;
        }
        s.el_maker = &el_maker; s.block_maker = &block_maker;
    }
    if (PyTuple_GET_SIZE(keep) > 8) {
        PyErr_SetString(PyExc_ValueError, "at most 8 kept attribute ids");
        goto done;
    }
    s.n_keep = (int)PyTuple_GET_SIZE(keep);
    for (int k = 0; k < s.n_keep; k++) {
        s.keep_ids[k] = (uintptr_t)PyLong_AsUnsignedLongLong(PyTuple_GET_ITEM(keep, k));
        if (PyErr_Occurred()) goto done;
    }
    s.classes = classes.buf; s.n_classes = classes.len;
    if (marks != Py_None && PyDict_Check(marks) && PyDict_GET_SIZE(marks)) {
        s.has_marks = 1;
        if (ptab_build(&s.marks, marks) < 0) goto done;
    }
    s.a_href = (uintptr_t)a_href; s.a_src = (uintptr_t)a_src; s.a_alt = (uintptr_t)a_alt;
    s.owner = -1; s.owner_depth = -1;
    if (!(s.elements = PyList_New(0)) || !(s.marked = PyList_New(0)) || !(s.attrs = PyList_New(0)) ||
        !(s.hrefs = PyList_New(0)) || !(s.images = PyList_New(0)) || !(s.blocks = PyList_New(0)) ||
        !(s.pending = PyList_New(0)) || !(s.carried = PyList_New(0)))
        goto done;

    cp_node *root = (cp_node *)(uintptr_t)root_addr;
    if (!root) { PyErr_SetString(PyExc_ValueError, "null root"); goto done; }
    /* per open element of the walk: close kind and tag class */
    ibuf kinds = {0}, kcls = {0};
    cp_node *node = root->first_child;
    while (node) {
        if (node->type == NODE_ELEMENT) {
            int kind;
            if (open_element(&s, node, &kind) < 0) goto walk_fail;
            uintptr_t tag = node->local_name;
            int cls = tag < (uintptr_t)s.n_classes ? s.classes[tag] : 0;
            if (node->first_child) {
                if (i_push(&kinds, kind) < 0 || i_push(&kcls, cls) < 0) goto walk_fail;
                node = node->first_child;
                continue;
            }
            if (close_element(&s, kind, cls) < 0) goto walk_fail;
        } else if (node->type == NODE_TEXT) {
            cp_chardata *t = (cp_chardata *)node;
            Py_ssize_t start = s.chunk.n;
            if (t->data.data && t->data.length &&
                decode_utf8(&s.chunk, t->data.data, t->data.length) < 0)
                goto walk_fail;
            if (glue_text(&s, start) < 0) goto walk_fail;
        }
        while (!node->next) {
            node = node->parent;
            if (!node || node == root) { node = NULL; break; }
            if (!kinds.n) break; /* cannot happen in a well-formed tree */
            kinds.n--; kcls.n--;
            if (close_element(&s, (int)kinds.p[kinds.n], kcls.p[kcls.n]) < 0) goto walk_fail;
        }
        if (node) node = node->next;
    }
    i_free(&kinds); i_free(&kcls);
    if (flush_chunk(&s) < 0) goto done;
    /* unbalanced input: put set-aside text back */
    while (s.n_saved) {
        s.n_saved--;
        u32buf outer = s.saved[s.n_saved];
        if (u32_extend(&outer, s.buf.p, s.buf.n) < 0) { u32_free(&outer); goto done; }
        u32_free(&s.buf);
        s.buf = outer;
    }
    if (s.buf.n && emit(&s, s.buf.p, s.buf.n, s.link_chars, s.owner, s.gap) < 0) goto done;
    if (flush_pending(&s) < 0) goto done;
    if (as_blocks(&s, reasons) < 0) goto done;
    result = Py_BuildValue("(OOOO)", s.elements, s.blocks, s.marked, s.attrs);
    goto done;
walk_fail:
    i_free(&kinds); i_free(&kcls);
done:
    PyBuffer_Release(&classes);
    seg_free(&s);
    return result;
}

PyDoc_STRVAR(names_doc,
"names(root, class_id, id_id, role_id, itemprop_id, style_id, n_tags)\n--\n\n"
"What the DOM filters' queries could match under ``root`` (the root\n"
"included): the distinct class names (``set(value.split())`` of every class\n"
"value) and the distinct ids (``value.strip()``, empty ones left out), each\n"
"set joined by newlines; a bytes map of the tag ids present (ids >= n_tags\n"
"are not recorded); and the role, itemprop and style values, each joined by\n"
"newlines.\n\n"
"Given ``common`` (root_node, vtable, script_tag, meta_tag, h1_tag, type_id,\n"
"content_id, rel_id, href_id), also, in document order, the nodes of Lexbor's\n"
"query ``script[type=\"application/ld+json\" i], meta[content], h1`` as three\n"
"lists (a seventh item), and an eighth: bit 1 set when a rel value holds\n"
"\"author\", bit 2 when an href holds \"/author\" or \"/writer\" (ASCII letters\n"
"in either case). ``root_node`` is the LexborNode at ``root``, ``vtable``\n"
"LexborNode.__pyx_vtable__, which makes the nodes.");

/* Cython's virtual table of selectolax's LexborNode: its first entry is
 * the static ``LexborNode.new(node, parser)``. */
typedef struct { PyObject *(*new_node)(void *node, PyObject *parser); } lexbor_node_vtab;

typedef struct { char *p; size_t n, cap; } cbuf;

static int cb_add(cbuf *b, const unsigned char *data, size_t len, char sep) {
    if (b->n + len + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 4096;
        while (nc < b->n + len + 1) nc *= 2;
        char *p = PyMem_Realloc(b->p, nc);
        if (!p) { PyErr_NoMemory(); return -1; }
        b->p = p; b->cap = nc;
    }
    memcpy(b->p + b->n, data, len);
    b->n += len;
    b->p[b->n++] = sep;
    return 0;
}

static PyObject *cb_str(cbuf *b) {
    PyObject *r = PyUnicode_DecodeUTF8(b->p ? b->p : "", (Py_ssize_t)b->n, "replace");
    PyMem_Free(b->p);
    b->p = NULL;
    return r;
}

/* Bytes of the str.isspace() character that starts at p (UTF-8), or 0.
 * Matching the encoded forms is exact even in invalid UTF-8: their first
 * bytes are never continuation bytes, so a decoder starts a character at
 * each of them, as it does here. */
static inline size_t space_at(const unsigned char *p, const unsigned char *end) {
    unsigned char c = p[0];
    if (c < 0x80) return c == 0x20 || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
    size_t left = (size_t)(end - p);
    if (c == 0xC2) return left >= 2 && (p[1] == 0x85 || p[1] == 0xA0) ? 2 : 0;
    if (left < 3) return 0;
    if (c == 0xE1) return p[1] == 0x9A && p[2] == 0x80 ? 3 : 0;
    if (c == 0xE2)
        return (p[1] == 0x80 && (p[2] <= 0x8A || p[2] == 0xA8 || p[2] == 0xA9 || p[2] == 0xAF)) ||
               (p[1] == 0x81 && p[2] == 0x9F) ? 3 : 0;
    if (c == 0xE3) return p[1] == 0x80 && p[2] == 0x80 ? 3 : 0;
    return 0;
}

/* A hash of n bytes, 8 at a time. */
static inline uint64_t hash_bytes(const unsigned char *p, size_t n) {
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ n, w;
    for (; n >= 8; p += 8, n -= 8) {
        memcpy(&w, p, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
    }
    if (n) {
        w = 0;
        memcpy(&w, p, n);
        h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
    }
    return h ^ (h >> 29);
}

/* An open-addressing set of byte strings, each stored as an offset from a
 * base address given at each call (a growing buffer moves). */
typedef struct { uintptr_t off; size_t len; uint64_t hash; } ht_slot; /* len 0: free */
typedef struct { ht_slot *tab; size_t cap, used; } htab;

/* 1: p[0:len] is in already; 0: added, as ``off``; -1: out of memory. */
static int ht_add(htab *t, uintptr_t base, const unsigned char *p, size_t len, uint64_t h, uintptr_t off) {
    if ((t->used + 1) * 2 > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        ht_slot *tab = PyMem_Calloc(cap, sizeof(ht_slot));
        if (!tab) { PyErr_NoMemory(); return -1; }
        for (size_t i = 0; i < t->cap; i++) {
            if (!t->tab[i].len) continue;
            size_t j = (size_t)t->tab[i].hash & (cap - 1);
            while (tab[j].len) j = (j + 1) & (cap - 1);
            tab[j] = t->tab[i];
        }
        PyMem_Free(t->tab);
        t->tab = tab; t->cap = cap;
    }
    size_t j = (size_t)h & (t->cap - 1);
    for (; t->tab[j].len; j = (j + 1) & (t->cap - 1)) {
        ht_slot *e = &t->tab[j];
        if (e->hash == h && e->len == len && !memcmp((const unsigned char *)(base + e->off), p, len)) return 1;
    }
    t->tab[j] = (ht_slot){off, len, h};
    t->used++;
    return 0;
}

/* A set of names kept as their newline-joined list: a page repeats a few
 * hundred class names across thousands of elements. */
typedef struct { cbuf out; htab seen; } nameset;

static int ns_add(nameset *s, const unsigned char *p, size_t len) {
    if (!len) return 0;
    int r = ht_add(&s->seen, (uintptr_t)s->out.p, p, len, hash_bytes(p, len), s->out.n);
    return r ? (r < 0 ? -1 : 0) : cb_add(&s->out, p, len, '\n');
}

/* The set's names joined by newlines (decoded as ``bytes.decode("utf-8",
 * "replace")``: a bad sequence never spans the ASCII separator), freed. */
static PyObject *ns_str(nameset *s) {
    PyObject *r = PyUnicode_DecodeUTF8(s->out.p ? s->out.p : "", s->out.n ? (Py_ssize_t)s->out.n - 1 : 0,
                                       "replace");
    PyMem_Free(s->out.p); PyMem_Free(s->seen.tab);
    memset(s, 0, sizeof *s);
    return r;
}

/* Each name of ``value.split()`` into the set. */
static int ns_add_split(nameset *s, const unsigned char *v, size_t len) {
    const unsigned char *end = v + len, *word = NULL;
    for (const unsigned char *p = v; p < end;) {
        size_t w = (*p > 0x20 && *p < 0x80) ? 0 : space_at(p, end);
        if (!w) { if (!word) word = p; p++; continue; }
        if (word && ns_add(s, word, (size_t)(p - word)) < 0) return -1;
        word = NULL;
        p += w;
    }
    return word ? ns_add(s, word, (size_t)(end - word)) : 0;
}

/* ``value.strip()`` into the set (when not empty). */
static int ns_add_stripped(nameset *s, const unsigned char *v, size_t len) {
    const unsigned char *end = v + len, *first = NULL, *last = v;
    for (const unsigned char *p = v; p < end;) {
        size_t w = (*p > 0x20 && *p < 0x80) ? 0 : space_at(p, end);
        if (w) { p += w; continue; }
        if (!first) first = p;
        last = ++p;
    }
    return first ? ns_add(s, first, (size_t)(last - first)) : 0;
}

/* The attribute of ``el`` Lexbor's [name] selectors test: its first with that id. */
static inline cp_attr *attr_by_id(cp_element *el, uintptr_t id) {
    cp_attr *a = el->first_attr;
    while (a && a->node.local_name != id) a = a->next;
    return a;
}

/* Lexbor's [type="application/ld+json" i]: the whole value, ASCII letters
 * in either case (no whitespace trimmed). */
static int is_jsonld_type(cp_attr *a) {
    static const char want[] = "application/ld+json";
    const size_t n = sizeof want - 1;
    if (!a || !a->value || !a->value->data || a->value->length != n) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = a->value->data[i];
        if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
        if (c != (unsigned char)want[i]) return 0;
    }
    return 1;
}

/* Whether v[0:len] holds "/author" or "/writer", ASCII letters in either case. */
static int has_author_path(const unsigned char *v, size_t len) {
    const unsigned char *end = v + len, *p = v;
    while (len >= 7 && (p = memchr(p, '/', (size_t)(end - p))) && end - p >= 7) {
        char word[6];
        for (int i = 0; i < 6; i++) {
            unsigned char c = p[1 + i];
            word[i] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        }
        if (!memcmp(word, "author", 6) || !memcmp(word, "writer", 6)) return 1;
        p++;
    }
    return 0;
}

/* Whether v[0:len] holds "author", ASCII letters in either case. */
static int has_author(const unsigned char *v, size_t len) {
    for (size_t i = 0; i + 6 <= len; i++) {
        size_t k = 0;
        while (k < 6) {
            unsigned char c = v[i + k];
            if ((c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c) != (unsigned char)"author"[k]) break;
            k++;
        }
        if (k == 6) return 1;
    }
    return 0;
}

static PyObject *py_names(PyObject *self, PyObject *args) {
    unsigned long long root_addr, a_class, a_id, a_role, a_itemprop, a_style;
    unsigned long long t_script = 0, t_meta = 0, t_h1 = 0, a_type = 0, a_content = 0, a_rel = 0, a_href = 0;
    Py_ssize_t n_tags;
    PyObject *common = NULL, *root_obj = NULL, *vtable = NULL;
    if (!PyArg_ParseTuple(args, "KKKKKKn|O!", &root_addr, &a_class, &a_id, &a_role, &a_itemprop, &a_style,
                          &n_tags, &PyTuple_Type, &common))
        return NULL;
    if (common && !PyArg_ParseTuple(common, "OOKKKKKKK", &root_obj, &vtable, &t_script, &t_meta, &t_h1, &a_type,
                                    &a_content, &a_rel, &a_href))
        return NULL;
    if (n_tags < 0 || n_tags > 65536) { PyErr_SetString(PyExc_ValueError, "n_tags"); return NULL; }
    cp_node *root = (cp_node *)(uintptr_t)root_addr;
    if (!root) { PyErr_SetString(PyExc_ValueError, "null node"); return NULL; }
    /* the nodes are made with root_node's parser, which keeps their tree alive */
    PyObject *parser = NULL, *lists[3] = {NULL, NULL, NULL};
    lexbor_node_vtab *vt = NULL;
    if (common) {
        PyObject *mem_id = PyObject_GetAttrString(root_obj, "mem_id");
        if (!mem_id) return NULL;
        void *addr = PyLong_AsVoidPtr(mem_id);
        Py_DECREF(mem_id);
        if (PyErr_Occurred()) return NULL;
        if ((cp_node *)addr != root || !t_script || !t_meta || !t_h1 || !a_rel || !a_href) {
            PyErr_SetString(PyExc_ValueError, "common: root_node is not at root, or an id is 0");
            return NULL;
        }
        vt = PyCapsule_GetPointer(vtable, PyCapsule_GetName(vtable));
        if (!vt || !vt->new_node) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "vtable");
            return NULL;
        }
        if (!(parser = PyObject_GetAttrString(root_obj, "parser"))) return NULL;
        for (int k = 0; k < 3; k++)
            if (!(lists[k] = PyList_New(0))) {
                for (int j = 0; j < k; j++) Py_DECREF(lists[j]);
                Py_DECREF(parser);
                return NULL;
            }
    }
    PyObject *tags = PyBytes_FromStringAndSize(NULL, n_tags);
    if (!tags) return NULL;
    char *present = PyBytes_AS_STRING(tags);
    memset(present, 0, (size_t)n_tags);
    nameset cls = {0}, ids = {0};
    cbuf roles = {0}, props = {0}, styles = {0};
    int links = 0; /* 1: a rel value holds "author"; 2: an href "/author" or "/writer" */
    cp_node *node = root;
    while (node) {
        if (node->type == NODE_ELEMENT) {
            uintptr_t tag = node->local_name;
            if (tag < (uintptr_t)n_tags) present[tag] = 1;
            if (vt && (tag == t_h1 || tag == t_script || tag == t_meta)) {
                /* (Lexbor's type selectors compare the local name only, in any namespace) */
                cp_element *el = (cp_element *)node;
                int k = tag == t_h1 ? 2 : tag == t_meta ? (attr_by_id(el, a_content) ? 1 : -1)
                                                        : (is_jsonld_type(attr_by_id(el, a_type)) ? 0 : -1);
                if (k >= 0) {
                    PyObject *made = vt->new_node(node, parser);
                    int r = made ? PyList_Append(lists[k], made) : -1;
                    Py_XDECREF(made);
                    if (r < 0) goto fail;
                }
            }
            for (cp_attr *a = ((cp_element *)node)->first_attr; a; a = a->next) {
                if (!a->value || !a->value->data || !a->value->length) continue;
                uintptr_t id = a->node.local_name;
                const unsigned char *v = a->value->data;
                size_t len = a->value->length;
                int r = 0;
                if (id == a_class) r = ns_add_split(&cls, v, len);
                else if (id == a_id) r = ns_add_stripped(&ids, v, len);
                else if (id == a_role) r = cb_add(&roles, v, len, '\n');
                else if (id == a_itemprop) r = cb_add(&props, v, len, '\n');
                else if (id == a_style) r = cb_add(&styles, v, len, '\n');
                else if (vt && id == a_rel) { if (!(links & 1) && has_author(v, len)) links |= 1; }
                else if (vt && id == a_href) { if (!(links & 2) && has_author_path(v, len)) links |= 2; }
                if (r < 0) goto fail;
            }
        }
        node = node == root ? root->first_child : walk_next(node, root, 1);
    }
    Py_XDECREF(parser);
    if (vt)
        return Py_BuildValue("(NNNNNN(NNN)i)", ns_str(&cls), ns_str(&ids), tags, cb_str(&roles), cb_str(&props),
                             cb_str(&styles), lists[0], lists[1], lists[2], links);
    return Py_BuildValue("(NNNNNN)", ns_str(&cls), ns_str(&ids), tags, cb_str(&roles), cb_str(&props),
                         cb_str(&styles));
fail:
    PyMem_Free(cls.out.p); PyMem_Free(cls.seen.tab); PyMem_Free(ids.out.p); PyMem_Free(ids.seen.tab);
    PyMem_Free(roles.p); PyMem_Free(props.p); PyMem_Free(styles.p);
    Py_DECREF(tags);
    Py_XDECREF(parser);
    for (int k = 0; k < 3; k++) Py_XDECREF(lists[k]);
    return NULL;
}

/* ---- class/id vocabulary ---------------------------------------------- */

/* A byte trie of lower-case ASCII tokens, each with a bit mask (the
 * concepts it names). Built once, from filters._dom's vocabulary. */
typedef struct {
    int n_sym;
    unsigned char sym[128]; /* byte -> symbol + 1 (either case), 0: in no token */
    uint16_t *next;         /* node * n_sym + symbol -> child, 0: none */
    uint64_t *mask;         /* per node: its token's concepts */
    unsigned char *term;    /* per node: it ends a token */
} vtrie;

#define VTRIE "cleanpage._walk.vtrie"

static void vtrie_free(vtrie *t) {
    if (!t) return;
    PyMem_Free(t->next); PyMem_Free(t->term); PyMem_Free(t->mask); PyMem_Free(t);
}

static void vtrie_capsule_free(PyObject *cap) { vtrie_free(PyCapsule_GetPointer(cap, VTRIE)); }

PyDoc_STRVAR(vocab_trie_doc,
"vocab_trie(tokens, masks)\n--\n\n"
"A trie (an opaque capsule for vocab_match) of ``tokens``, non-empty\n"
"lower-case ASCII strings, each carrying the 64-bit mask at the same index.");

static PyObject *py_vocab_trie(PyObject *self, PyObject *args) {
    PyObject *tokens, *masks;
    if (!PyArg_ParseTuple(args, "O!O!", &PyList_Type, &tokens, &PyList_Type, &masks)) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(tokens);
    if (PyList_GET_SIZE(masks) != n) { PyErr_SetString(PyExc_ValueError, "one mask per token"); return NULL; }
    vtrie *t = PyMem_Calloc(1, sizeof(vtrie));
    if (!t) return PyErr_NoMemory();
    size_t chars = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *tok = PyList_GET_ITEM(tokens, i);
        if (!PyUnicode_Check(tok) || !PyUnicode_IS_ASCII(tok) || !PyUnicode_GET_LENGTH(tok)) goto bad;
        const unsigned char *p = PyUnicode_1BYTE_DATA(tok);
        for (Py_ssize_t k = 0; k < PyUnicode_GET_LENGTH(tok); k++) {
            unsigned char c = p[k];
            if (c >= 'A' && c <= 'Z') goto bad;
            if (!t->sym[c]) {
                t->sym[c] = (unsigned char)++t->n_sym;
                if (c >= 'a' && c <= 'z') t->sym[c - 'a' + 'A'] = t->sym[c];
            }
        }
        chars += (size_t)PyUnicode_GET_LENGTH(tok);
    }
    if (chars >= UINT16_MAX) goto bad;
    size_t cap = chars + 1;
    t->next = PyMem_Calloc(cap * (size_t)(t->n_sym ? t->n_sym : 1), sizeof(uint16_t));
    t->term = PyMem_Calloc(cap, 1);
    t->mask = PyMem_Calloc(cap, sizeof(uint64_t));
    if (!t->next || !t->term || !t->mask) { vtrie_free(t); return PyErr_NoMemory(); }
    uint16_t nodes = 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *tok = PyList_GET_ITEM(tokens, i);
        unsigned long long m = PyLong_AsUnsignedLongLong(PyList_GET_ITEM(masks, i));
        if (PyErr_Occurred()) { vtrie_free(t); return NULL; }
        const unsigned char *p = PyUnicode_1BYTE_DATA(tok);
        uint16_t node = 0;
        for (Py_ssize_t k = 0; k < PyUnicode_GET_LENGTH(tok); k++) {
            uint16_t *slot = &t->next[(size_t)node * (size_t)t->n_sym + t->sym[p[k]] - 1];
            if (!*slot) *slot = nodes++;
            node = *slot;
        }
        t->term[node] = 1;
        t->mask[node] |= (uint64_t)m;
    }
    PyObject *cap_obj = PyCapsule_New(t, VTRIE, vtrie_capsule_free);
    if (!cap_obj) vtrie_free(t);
    return cap_obj;
bad:
    vtrie_free(t);
    PyErr_SetString(PyExc_ValueError, "tokens must be non-empty lower-case ASCII strings");
    return NULL;
}

/* The or-ed masks of the tokens in one ASCII name: at each position the
 * longest token that starts there, then on after it (a regex alternation
 * that tries longer tokens first, run with finditer). */
static uint64_t vocab_mask(const vtrie *t, const unsigned char *p, Py_ssize_t n) {
    uint64_t mask = 0;
    for (Py_ssize_t i = 0; i < n;) {
        unsigned node = 0;
        Py_ssize_t last = -1;
        uint64_t last_mask = 0;
        for (Py_ssize_t j = i; j < n; j++) {
            int s = t->sym[p[j]];
            if (!s || !(node = t->next[node * (unsigned)t->n_sym + (unsigned)s - 1])) break;
            if (t->term[node]) { last = j + 1; last_mask = t->mask[node]; }
        }
        if (last < 0) { i++; continue; }
        mask |= last_mask;
        i = last;
    }
    return mask;
}

PyDoc_STRVAR(vocab_match_doc,
"vocab_match(trie, names)\n--\n\n"
"The vocabulary in ``names`` (one name per line): ([(name, mask), ...], rest).\n"
"An ASCII name is matched here, as ``finditer`` of the tokens' alternation\n"
"(longest token first) over the lower-cased name does, and listed with its\n"
"tokens' masks or-ed when it has one and is a safe CSS value (1 to 200\n"
"characters, no quote, backslash or whitespace). ``rest``: the lines with\n"
"other characters, left for the Python path (Unicode case rules).");

#define MAX_SAFE 200

/* (names[a:b], mask) onto ``found``. */
static int add_match(PyObject *found, PyObject *names, Py_ssize_t a, Py_ssize_t b, uint64_t mask) {
    PyObject *line = PyUnicode_Substring(names, a, b);
    PyObject *items[2] = {line, line ? PyLong_FromUnsignedLongLong(mask) : NULL};
    if (!line) return -1;
    PyObject *pair = tuple_take(2, items);
    int r = pair ? PyList_Append(found, pair) : -1;
    Py_XDECREF(pair);
    return r;
}

static PyObject *py_vocab_match(PyObject *self, PyObject *args) {
    PyObject *cap, *names;
    if (!PyArg_ParseTuple(args, "OU", &cap, &names)) return NULL;
    vtrie *t = PyCapsule_GetPointer(cap, VTRIE);
    if (!t) return NULL;
    int kind = PyUnicode_KIND(names);
    const void *data = PyUnicode_DATA(names);
    int ascii_all = PyUnicode_IS_ASCII(names);
    Py_ssize_t n = PyUnicode_GET_LENGTH(names);
    unsigned char copy[MAX_SAFE];
    PyObject *found = PyList_New(0), *rest = PyList_New(0);
    if (!found || !rest) goto fail;
    for (Py_ssize_t a = 0; ascii_all && a <= n;) {
        /* the usual case: every name is ASCII */
        const unsigned char *d = data;
        const unsigned char *nl = a < n ? memchr(d + a, '\n', (size_t)(n - a)) : NULL;
        Py_ssize_t b = nl ? nl - d : n;
        int safe = b > a && b - a <= MAX_SAFE;
        for (Py_ssize_t k = a; safe && k < b; k++) safe = d[k] != '"' && d[k] != '\\' && !is_space(d[k]);
        uint64_t mask = safe ? vocab_mask(t, d + a, b - a) : 0;
        if (mask && add_match(found, names, a, b, mask) < 0) goto fail;
        a = b + 1;
    }
    for (Py_ssize_t a = 0; !ascii_all && a <= n;) {
        Py_ssize_t b = a;
        int ascii = 1, safe = 1;
        for (; b < n; b++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, b);
            if (c == '\n') break;
            if (c >= 128) ascii = 0;
            else if (c == '"' || c == '\\' || is_space(c)) safe = 0;
        }
        if (!ascii) {
            PyObject *line = PyUnicode_Substring(names, a, b);
            if (!line || PyList_Append(rest, line) < 0) { Py_XDECREF(line); goto fail; }
            Py_DECREF(line);
        } else if (safe && b > a && b - a <= MAX_SAFE) {
            for (Py_ssize_t k = a; k < b; k++) copy[k - a] = (unsigned char)PyUnicode_READ(kind, data, k);
            uint64_t mask = vocab_mask(t, copy, b - a);
            if (mask && add_match(found, names, a, b, mask) < 0) goto fail;
        }
        a = b + 1;
    }
    return Py_BuildValue("(NN)", found, rest);
fail:
    Py_XDECREF(found); Py_XDECREF(rest);
    return NULL;
}

/* The elements whose class or id is one of the page's vocabulary names,
 * found in one walk instead of a Lexbor query of one selector per name. */

typedef struct { const char *p; Py_ssize_t len; uint64_t hash, mask; } vn_entry; /* p NULL: free */
typedef struct { vn_entry *tab; size_t cap; } vn_table;

/* ``names`` (dict str -> int mask) as a table of their UTF-8 bytes (kept
 * alive by the dict for the call). */
static int vn_build(vn_table *t, PyObject *names) {
    Py_ssize_t n = PyDict_GET_SIZE(names), pos = 0;
    size_t cap = 16;
    while (cap < (size_t)n * 2 + 2) cap *= 2;
    if (!(t->tab = PyMem_Calloc(cap, sizeof(vn_entry)))) { PyErr_NoMemory(); return -1; }
    t->cap = cap;
    PyObject *key, *value;
    while (PyDict_Next(names, &pos, &key, &value)) {
        Py_ssize_t len;
        const char *p = PyUnicode_Check(key) ? PyUnicode_AsUTF8AndSize(key, &len) : NULL;
        if (!p) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "names: str keys");
            return -1;
        }
        uint64_t mask = (uint64_t)PyLong_AsUnsignedLongLong(value);
        if (PyErr_Occurred()) return -1;
        uint64_t h = hash_bytes((const unsigned char *)p, (size_t)len);
        size_t j = (size_t)h & (cap - 1);
        while (t->tab[j].p) j = (j + 1) & (cap - 1); /* keys are distinct */
        t->tab[j] = (vn_entry){p, len, h, mask};
    }
    return 0;
}

static uint64_t vn_mask(const vn_table *t, const unsigned char *p, size_t len) {
    uint64_t h = hash_bytes(p, len);
    for (size_t j = (size_t)h & (t->cap - 1); t->tab[j].p; j = (j + 1) & (t->cap - 1)) {
        const vn_entry *e = &t->tab[j];
        if (e->hash == h && (size_t)e->len == len && !memcmp(e->p, p, len)) return e->mask;
    }
    return 0;
}

/* HTML's ASCII whitespace, which Lexbor's [class~=...] splits at. */
static inline int html_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}


PyDoc_STRVAR(vocab_nodes_doc,
"vocab_nodes(root, vtable, class_id, classes, exact, style_id, styles, tags)\n--\n\n"
"The elements under ``root`` (a LexborNode, itself included) in document\n"
"order that have: a class name (split at HTML whitespace, as Lexbor's\n"
"``[class~=name]`` does) that is a key of the dict ``classes``; for one\n"
"(attr_id, values) pair of the tuple ``exact`` (at most 4), that attribute\n"
"with a value that is a key of the dict ``values`` (``[attr=value]``); a\n"
"style value that holds one of the lower-case ASCII texts of ``styles``\n"
"((text, mask) pairs; ASCII letters in either case, as ``[style*=text i]``);\n"
"or a tag id whose entry in ``tags`` (native 64-bit masks by tag id) is set.\n"
"Returns [(LexborNode, mask), ...], mask the or of the masks of what the\n"
"element has. ``vtable``: LexborNode.__pyx_vtable__, which makes the nodes.");

/* ``text`` (lower-case ASCII) in v[0:len], ASCII letters in either case. */
static int has_text_ci(const unsigned char *v, size_t len, const char *text, size_t n) {
    if (!n) return 1;
    for (size_t i = 0; i + n <= len; i++) {
        size_t k = 0;
        while (k < n) {
            unsigned char c = v[i + k];
            if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
            if (c != (unsigned char)text[k]) break;
            k++;
        }
        if (k == n) return 1;
    }
    return 0;
}

static PyObject *py_vocab_nodes(PyObject *self, PyObject *args) {
    PyObject *root_obj, *vtable, *classes, *exact, *styles;
    unsigned long long a_class, a_style;
    Py_buffer tags;
    if (!PyArg_ParseTuple(args, "OOKO!O!KO!y*", &root_obj, &vtable, &a_class, &PyDict_Type, &classes,
                          &PyTuple_Type, &exact, &a_style, &PyTuple_Type, &styles, &tags))
        return NULL;
    enum { MAX_STYLES = 16, MAX_EXACT = 4 };
    const char *style_text[MAX_STYLES];
    Py_ssize_t style_len[MAX_STYLES];
    uint64_t style_mask[MAX_STYLES];
    uintptr_t exact_id[MAX_EXACT];
    vn_table cls = {0}, ext[MAX_EXACT] = {{0}};
    PyObject *parser = NULL, *out = NULL;
    Py_ssize_t n_styles = PyTuple_GET_SIZE(styles), n_exact = PyTuple_GET_SIZE(exact);
    Py_ssize_t n_tags = tags.len / (Py_ssize_t)sizeof(uint64_t);
    const char *tag_masks = tags.buf;
    /* the arguments, checked before anything is read */
    if (n_styles > MAX_STYLES || n_exact > MAX_EXACT || tags.len % (Py_ssize_t)sizeof(uint64_t)) {
        PyErr_SetString(PyExc_ValueError, "at most 16 style texts, 4 exact attributes, whole tag masks");
        goto done;
    }
    for (Py_ssize_t k = 0; k < n_styles; k++) {
        PyObject *pair = PyTuple_GET_ITEM(styles, k);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2 || !PyUnicode_Check(PyTuple_GET_ITEM(pair, 0)) ||
            !PyUnicode_IS_ASCII(PyTuple_GET_ITEM(pair, 0))) {
            PyErr_SetString(PyExc_TypeError, "styles: (ASCII text, mask) pairs");
            goto done;
        }
        style_text[k] = PyUnicode_AsUTF8AndSize(PyTuple_GET_ITEM(pair, 0), &style_len[k]);
        for (Py_ssize_t c = 0; c < style_len[k]; c++) {
            if (style_text[k][c] >= 'A' && style_text[k][c] <= 'Z') {
                PyErr_SetString(PyExc_ValueError, "styles: lower-case texts");
                goto done;
            }
        }
        style_mask[k] = (uint64_t)PyLong_AsUnsignedLongLong(PyTuple_GET_ITEM(pair, 1));
        if (PyErr_Occurred()) goto done;
    }
    for (Py_ssize_t k = 0; k < n_exact; k++) {
        PyObject *pair = PyTuple_GET_ITEM(exact, k);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2 || !PyDict_Check(PyTuple_GET_ITEM(pair, 1))) {
            PyErr_SetString(PyExc_TypeError, "exact: (attr_id, dict) pairs");
            goto done;
        }
        exact_id[k] = (uintptr_t)PyLong_AsUnsignedLongLong(PyTuple_GET_ITEM(pair, 0));
        if (PyErr_Occurred() || vn_build(&ext[k], PyTuple_GET_ITEM(pair, 1)) < 0) goto done;
    }
    if (vn_build(&cls, classes) < 0) goto done;
    lexbor_node_vtab *vt = PyCapsule_GetPointer(vtable, PyCapsule_GetName(vtable));
    if (!vt || !vt->new_node) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "vtable");
        goto done;
    }
    PyObject *mem_id = PyObject_GetAttrString(root_obj, "mem_id");
    if (!mem_id) goto done;
    cp_node *root = (cp_node *)PyLong_AsVoidPtr(mem_id);
    Py_DECREF(mem_id);
    if (!root) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "null node");
        goto done;
    }
    if (!(parser = PyObject_GetAttrString(root_obj, "parser")) || !(out = PyList_New(0))) goto done;
    int any_class = PyDict_GET_SIZE(classes) > 0;
    for (cp_node *node = root; node; node = node == root ? root->first_child : walk_next(node, root, 1)) {
        if (node->type != NODE_ELEMENT) continue;
        uint64_t mask = 0;
        if (node->local_name < (uintptr_t)n_tags) {
            uint64_t m;
            memcpy(&m, tag_masks + node->local_name * sizeof(uint64_t), sizeof m);
            mask = m;
        }
        for (cp_attr *a = ((cp_element *)node)->first_attr; a; a = a->next) {
            if (!a->value || !a->value->data || !a->value->length) continue;
            const unsigned char *v = a->value->data, *end = v + a->value->length;
            uintptr_t id = a->node.local_name;
            if (id == a_class) {
                for (const unsigned char *p = v; any_class && p < end;) {
                    while (p < end && html_space(*p)) p++;
                    const unsigned char *word = p;
                    while (p < end && !html_space(*p)) p++;
                    if (p > word) mask |= vn_mask(&cls, word, (size_t)(p - word));
                }
                continue;
            }
            if (id == a_style) {
                for (Py_ssize_t k = 0; k < n_styles; k++)
                    if (has_text_ci(v, a->value->length, style_text[k], (size_t)style_len[k])) mask |= style_mask[k];
            }
            for (Py_ssize_t k = 0; k < n_exact; k++)
                if (id == exact_id[k]) mask |= vn_mask(&ext[k], v, a->value->length);
        }
        if (!mask) continue;
        PyObject *items[2] = {vt->new_node(node, parser), PyLong_FromUnsignedLongLong(mask)};
        PyObject *pair = tuple_take(2, items);
        if (!pair || PyList_Append(out, pair) < 0) { Py_XDECREF(pair); Py_CLEAR(out); goto done; }
        Py_DECREF(pair);
    }
done:
    PyBuffer_Release(&tags);
    PyMem_Free(cls.tab);
    for (int k = 0; k < MAX_EXACT; k++) PyMem_Free(ext[k].tab);
    Py_XDECREF(parser);
    if (PyErr_Occurred()) Py_CLEAR(out);
    return out;
}

PyDoc_STRVAR(probe_doc,
"probe(mem_id)\n--\n\n"
"(type, local_name, [(attr_id, value), ...], text) of one node, used by\n"
"segment.py to learn tag and attribute ids and to check the layout.");

static PyObject *py_probe(PyObject *self, PyObject *args) {
    unsigned long long addr;
    if (!PyArg_ParseTuple(args, "K", &addr)) return NULL;
    cp_node *node = (cp_node *)(uintptr_t)addr;
    if (!node) { PyErr_SetString(PyExc_ValueError, "null node"); return NULL; }
    PyObject *attrs = PyList_New(0);
    if (!attrs) return NULL;
    PyObject *text = NULL;
    if (node->type == NODE_ELEMENT) {
        for (cp_attr *a = ((cp_element *)node)->first_attr; a; a = a->next) {
            if (a->node.type != NODE_ATTRIBUTE || (cp_node *)a->owner != node) {
                Py_DECREF(attrs);
                PyErr_SetString(PyExc_RuntimeError, "attribute layout mismatch");
                return NULL;
            }
            PyObject *v = (a->value && a->value->data)
                ? PyUnicode_DecodeUTF8((const char *)a->value->data, (Py_ssize_t)a->value->length, "replace")
                : PyUnicode_New(0, 0);
            PyObject *p = v ? Py_BuildValue("(kN)", (unsigned long)a->node.local_name, v) : NULL;
            if (!p || PyList_Append(attrs, p) < 0) { Py_XDECREF(p); Py_DECREF(attrs); return NULL; }
            Py_DECREF(p);
        }
        cp_node *c = node->first_child;
        if (c && c->type == NODE_TEXT && c->parent == node) {
            cp_chardata *t = (cp_chardata *)c;
            text = PyUnicode_DecodeUTF8((const char *)t->data.data, (Py_ssize_t)t->data.length, "replace");
            if (!text) { Py_DECREF(attrs); return NULL; }
        }
    }
    if (!text) { text = Py_None; Py_INCREF(text); }
    return Py_BuildValue("(ikNN)", node->type, (unsigned long)node->local_name, attrs, text);
}


/* ---- subtree measures for the DOM filters ----------------------------- */

/* Code points of UTF-8 text (continuation bytes are not counted). */
static inline Py_ssize_t utf8_chars(const unsigned char *p, size_t n) {
    Py_ssize_t c = 0;
    for (size_t i = 0; i < n; i++) c += (p[i] & 0xC0) != 0x80;
    return c;
}


/* Characters of text under ``root``; with tag != 0, only under elements of
 * that tag, the root included (paragraph text, as a CSS query for it counts). */
static Py_ssize_t subtree_chars(cp_node *root, uintptr_t tag) {
    if (tag && root->type == NODE_ELEMENT && root->local_name == tag) return subtree_chars(root, 0);
    Py_ssize_t total = 0;
    cp_node *node = root->first_child;
    while (node) {
        int descend = 1;
        if (node->type == NODE_TEXT) {
            cp_chardata *t = (cp_chardata *)node;
            if (!tag && t->data.data) total += utf8_chars(t->data.data, t->data.length);
        } else if (tag && node->type == NODE_ELEMENT && node->local_name == tag) {
            total += subtree_chars(node, 0);
            descend = 0;
        }
        node = walk_next(node, root, descend);
    }
    return total;
}

PyDoc_STRVAR(text_length_doc,
"text_length(mem_id, tag_id=0)\n--\n\n"
"len(node.text()) without building the string; with ``tag_id``, the text\n"
"under elements of that tag only (e.g. paragraphs).");

static PyObject *py_text_length(PyObject *self, PyObject *args) {
    unsigned long long addr, tag = 0;
    if (!PyArg_ParseTuple(args, "K|K", &addr, &tag)) return NULL;
    cp_node *node = (cp_node *)(uintptr_t)addr;
    if (!node) { PyErr_SetString(PyExc_ValueError, "null node"); return NULL; }
    return PyLong_FromSsize_t(subtree_chars(node, (uintptr_t)tag));
}

PyDoc_STRVAR(under_doc,
"under(mem_id, marks)\n--\n\n"
"True when a strict ancestor of the node is a key of the dict ``marks``.");

static PyObject *py_under(PyObject *self, PyObject *args) {
    unsigned long long addr;
    PyObject *marks;
    if (!PyArg_ParseTuple(args, "KO!", &addr, &PyDict_Type, &marks)) return NULL;
    cp_node *node = (cp_node *)(uintptr_t)addr;
    if (!node) { PyErr_SetString(PyExc_ValueError, "null node"); return NULL; }
    if (!PyDict_GET_SIZE(marks)) Py_RETURN_FALSE;
    for (cp_node *up = node->parent; up; up = up->parent) {
        PyObject *key = PyLong_FromVoidPtr(up);
        if (!key) return NULL;
        int has = PyDict_Contains(marks, key);
        Py_DECREF(key);
        if (has < 0) return NULL;
        if (has) Py_RETURN_TRUE;
    }
    Py_RETURN_FALSE;
}

PyDoc_STRVAR(ancestors_doc,
"ancestors(mem_ids)\n--\n\n"
"The set of mem_ids of the given nodes and all their ancestors.");

static PyObject *py_ancestors(PyObject *self, PyObject *arg) {
    PyObject *out = PySet_New(NULL);
    if (!out) return NULL;
    PyObject *it = PyObject_GetIter(arg);
    if (!it) { Py_DECREF(out); return NULL; }
    PyObject *item;
    while ((item = PyIter_Next(it))) {
        cp_node *node = (cp_node *)PyLong_AsVoidPtr(item);
        Py_DECREF(item);
        if (!node) { if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "null node"); goto fail; }
        for (; node; node = node->parent) {
            PyObject *key = PyLong_FromVoidPtr(node);
            if (!key) goto fail;
            int has = PySet_Contains(out, key);
            if (has == 0 && PySet_Add(out, key) < 0) { Py_DECREF(key); goto fail; }
            Py_DECREF(key);
            if (has) break; /* the rest of the chain is in already */
        }
    }
    Py_DECREF(it);
    if (PyErr_Occurred()) { Py_DECREF(out); return NULL; }
    return out;
fail:
    Py_DECREF(it);
    Py_DECREF(out);
    return NULL;
}

PyDoc_STRVAR(tags_doc,
"tags(root, n_tags)\n--\n\n"
"A bytes map of the tag ids (below n_tags) present under ``root``, root included.");

static PyObject *py_tags(PyObject *self, PyObject *args) {
    unsigned long long root_addr;
    Py_ssize_t n_tags;
    if (!PyArg_ParseTuple(args, "Kn", &root_addr, &n_tags)) return NULL;
    if (n_tags < 0 || n_tags > 65536) { PyErr_SetString(PyExc_ValueError, "n_tags"); return NULL; }
    cp_node *root = (cp_node *)(uintptr_t)root_addr;
    if (!root) { PyErr_SetString(PyExc_ValueError, "null node"); return NULL; }
    PyObject *tags = PyBytes_FromStringAndSize(NULL, n_tags);
    if (!tags) return NULL;
    char *present = PyBytes_AS_STRING(tags);
    memset(present, 0, (size_t)n_tags);
    if (root->type == NODE_ELEMENT && root->local_name < (uintptr_t)n_tags) present[root->local_name] = 1;
    for (cp_node *node = root->first_child; node; node = walk_next(node, root, 1))
        if (node->type == NODE_ELEMENT && node->local_name < (uintptr_t)n_tags) present[node->local_name] = 1;
    return tags;
}

PyDoc_STRVAR(strip_doc,
"strip(root, steps, keep, noscript_id, body, remove)\n--\n\n"
"One pass in place of ``strip_tags(NON_TEXT_TAGS)`` from the document node\n"
"(the parent of ``root``, the <html> element): ``steps`` maps a tag id to its 1-based place in that list (0: kept).\n"
"strip_tags unlinks, tag after tag, the elements of that tag it still reaches;\n"
"so an element goes when no ancestor went at an earlier step. They are\n"
"unlinked with Lexbor's own ``lxb_dom_node_remove`` (address ``remove``),\n"
"after the walk; ``keep`` (the document's cached <head>, 0 for none) is left\n"
"to the caller, whose removal re-points that cache. Returns (characters of\n"
"text under <noscript> elements, counted as the sum of their texts before\n"
"anything goes; characters of text under ``body`` after; whether ``keep``\n"
"is to go).");

typedef void (*lxb_remove_fn)(cp_node *node);

static PyObject *py_strip(PyObject *self, PyObject *args) {
    unsigned long long top_addr, keep_addr, body_addr, remove_addr, noscript_id;
    Py_buffer steps;
    if (!PyArg_ParseTuple(args, "Ky*KKKK", &top_addr, &steps, &keep_addr, &noscript_id, &body_addr, &remove_addr))
        return NULL;
    cp_node *root = (cp_node *)(uintptr_t)top_addr, *top = root ? root->parent : NULL;
    cp_node *keep = (cp_node *)(uintptr_t)keep_addr;
    cp_node *body = (cp_node *)(uintptr_t)body_addr;
    lxb_remove_fn remove = (lxb_remove_fn)(uintptr_t)remove_addr;
    const unsigned char *step_of = steps.buf;
    Py_ssize_t n_steps = steps.len;
    if (!top || top->type != NODE_DOCUMENT || !remove) {
        PyBuffer_Release(&steps);
        PyErr_SetString(PyExc_ValueError, "no document node or function");
        return NULL;
    }
    /* Per open ancestor: the step at which it leaves the tree (NONE: never),
     * how many <noscript> elements hold it, whether it is in the body. */
    enum { NONE = 0xFF };
    typedef struct { unsigned char cut, in_body; Py_ssize_t noscripts; } level;
    level *stack = NULL;
    Py_ssize_t depth = 0, cap = 0, noscript_chars = 0, body_chars = 0;
    int keep_goes = 0;
    ibuf doomed = {0};
    PyObject *out = NULL;
    cap = 256;
    if (!(stack = PyMem_Malloc((size_t)cap * sizeof(level)))) { PyErr_NoMemory(); goto done; }
    stack[0] = (level){NONE, top == body, 0};
    for (cp_node *node = top->first_child; node;) {
        const level *up = &stack[depth];
        level own = *up;
        if (node->type == NODE_TEXT) {
            cp_chardata *t = (cp_chardata *)node;
            if (t->data.data && (up->noscripts || (up->in_body && up->cut == NONE))) {
                Py_ssize_t n = utf8_chars(t->data.data, t->data.length);
                noscript_chars += n * up->noscripts;
                if (up->in_body && up->cut == NONE) body_chars += n;
            }
        } else if (node->type == NODE_ELEMENT) {
            uintptr_t tag = node->local_name;
            unsigned char step = tag < (uintptr_t)n_steps ? step_of[tag] : 0;
            if (step && !node->prefix && step <= up->cut) {
                own.cut = step;
                if (node == keep) keep_goes = 1;
                else if (i_push(&doomed, (Py_ssize_t)(uintptr_t)node) < 0) goto done;
            }
            if (tag == (uintptr_t)noscript_id) own.noscripts++;
            if (node == body) own.in_body = 1;
        }
        if (node->first_child) {
            if (++depth >= cap) {
                level *grown = PyMem_Realloc(stack, (size_t)(cap * 2) * sizeof(level));
                if (!grown) { PyErr_NoMemory(); goto done; }
                stack = grown;
                cap *= 2;
            }
            stack[depth] = own;
            node = node->first_child;
            continue;
        }
        /* (stack[depth] is the parent's level: depth 0 is a child of top) */
        while (node && !node->next && depth > 0) { node = node->parent; depth--; }
        node = node ? node->next : NULL;
    }
    /* (after the walk: unlinking during it would cut the way back up) */
    for (Py_ssize_t k = 0; k < doomed.n; k++) remove((cp_node *)(uintptr_t)doomed.p[k]);
    out = Py_BuildValue("(nnO)", noscript_chars, body_chars, keep_goes ? Py_True : Py_False);
done:
    PyMem_Free(stack);
    i_free(&doomed);
    PyBuffer_Release(&steps);
    return out;
}

PyDoc_STRVAR(build_doc,
"build(cls, fields, rows, defaults)\n--\n\n"
"``[cls(*row, *defaults[len(row) - len(fields) + len(defaults):]) for row in rows]``\n"
"for a class with ``__slots__`` (a dataclass with slots=True and a plain\n"
"``__init__``) whose ``fields`` are writable object slots: the slots are\n"
"set directly, without running ``__init__`` in Python for every element\n"
"and block of a page.");

static PyObject *py_build(PyObject *self, PyObject *args) {
    PyTypeObject *cls;
    PyObject *fields, *rows, *defaults;
    maker m;
    if (!PyArg_ParseTuple(args, "O!O!O!O!", &PyType_Type, &cls, &PyTuple_Type, &fields, &PyList_Type, &rows,
                          &PyTuple_Type, &defaults) ||
        maker_init(&m, cls, fields, defaults) < 0)
        return NULL;
    Py_ssize_t n_rows = PyList_GET_SIZE(rows);
    PyObject *out = PyList_New(n_rows);
    if (!out) return NULL;
    for (Py_ssize_t r = 0; r < n_rows; r++) {
        PyObject *row = PyList_GET_ITEM(rows, r);
        Py_ssize_t given = PyTuple_Check(row) ? PyTuple_GET_SIZE(row) : -1;
        if (given < m.n - m.n_def || given > m.n) {
            PyErr_SetString(PyExc_TypeError, "build: rows must be tuples of the fields without defaults");
            Py_DECREF(out);
            return NULL;
        }
        PyObject *items[MAX_FIELDS];
        for (Py_ssize_t k = 0; k < given; k++) items[k] = new_ref(PyTuple_GET_ITEM(row, k));
        PyObject *obj = maker_take(&m, given, items);
        if (!obj) { Py_DECREF(out); return NULL; }
        PyList_SET_ITEM(out, r, obj);
    }
    return out;
}

static PyMethodDef methods[] = {
    {"segment", py_segment, METH_VARARGS, segment_doc},
    {"names", py_names, METH_VARARGS, names_doc},
    {"vocab_trie", py_vocab_trie, METH_VARARGS, vocab_trie_doc},
    {"vocab_match", py_vocab_match, METH_VARARGS, vocab_match_doc},
    {"vocab_nodes", py_vocab_nodes, METH_VARARGS, vocab_nodes_doc},
    {"probe", py_probe, METH_VARARGS, probe_doc},
    {"text_length", py_text_length, METH_VARARGS, text_length_doc},
    {"under", py_under, METH_VARARGS, under_doc},
    {"ancestors", py_ancestors, METH_O, ancestors_doc},
    {"tags", py_tags, METH_VARARGS, tags_doc},
    {"build", py_build, METH_VARARGS, build_doc},
    {"strip", py_strip, METH_VARARGS, strip_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "cleanpage._walk",
    "Native segmentation walk over selectolax's Lexbor tree (see segment.py).", -1, methods,
};

PyMODINIT_FUNC PyInit__walk(void) { return PyModule_Create(&module); }
