/* Inner loops of the model stages in C: the news LM's GRU recurrence, the batched Viterbi and
 * sums of weight rows by segment.
 *
 * All exist in numpy (context.py NewsLM.run, crf.py viterbi, codes.py segment_sums), which
 * stays the reference and the fallback when this module was not built (setup.py builds it when a
 * C compiler is there). In numpy each recurrent step costs a dozen array operations on a few
 * hundred numbers, so Python's per-call overhead, not the arithmetic, sets the cost; here a step
 * is a loop. The third sums weight rows by segment (a new word type's feature rows), which numpy
 * does through a padded gather or a per-segment loop. Arrays come in through the buffer protocol
 * (no numpy headers needed to build): C-contiguous, with the types the Python wrappers check.
 *
 * The GRU matches numpy's to float32 rounding (about 1e-6); the Viterbi does the same additions in
 * the same types and breaks ties the same way (the first best label), so its paths are identical;
 * the segment sums add in numpy's order, so they are identical too.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The GRU in two builds, picked when the module loads: AVX2 with FMA where the processor has them
 * (about 3x faster), and the baseline (GCC on x86-64 Linux; elsewhere only the baseline). */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__) && __GNUC__ >= 12
#define CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define CLONES
#endif

static int get_buffer(PyObject *obj, Py_buffer *view, int writable, const char *what, Py_ssize_t itemsize) {
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, view, flags) < 0)
        return -1;
    if (view->itemsize != itemsize) {
        PyErr_Format(PyExc_TypeError, "%s: expected items of %zd bytes, got %zd", what, itemsize, view->itemsize);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* The n arrays of a call, each C-contiguous with items of sizes[i] bytes (writable where
 * writable[i]); on failure those already taken are released and -1 returned, with the error set. */
static int get_buffers(int n, PyObject *const *objs, Py_buffer *views, const char *const *names,
                       const Py_ssize_t *sizes, const int *writable) {
    for (int i = 0; i < n; i++) {
        if (get_buffer(objs[i], &views[i], writable[i], names[i], sizes[i]) < 0) {
            while (i-- > 0)
                PyBuffer_Release(&views[i]);
            return -1;
        }
    }
    return 0;
}

static void release_buffers(int n, Py_buffer *views) {
    while (n-- > 0)
        PyBuffer_Release(&views[n]);
}

/* A wrapper's end: its buffers released, None on success, NULL with the error set otherwise. */
static PyObject *finish(int n, Py_buffer *views, int ok) {
    release_buffers(n, views);
    if (!ok)
        return NULL;
    Py_RETURN_NONE;
}

/* Set a ValueError and give 0 (for ``return finish(n, v, fail("…"))``). */
static int fail(const char *msg) {
    PyErr_SetString(PyExc_ValueError, msg);
    return 0;
}

/* exp(x) in float32 to about 1 ulp (Cephes' expf: x = n·ln2 + r, a degree-6 polynomial in r, 2^n
 * from the exponent bits), written without branches or library calls so that loops over it
 * vectorise; below -87 it flushes to exp(-87), above 88 it saturates (the gates need neither). */
static inline float exp_f32(float x) {
    x = x < -87.0f ? -87.0f : x;
    x = x > 88.0f ? 88.0f : x;
    float n = (x * 1.44269504088896341f + 12582912.0f) - 12582912.0f; /* round to nearest */
    float r = x - n * 0.693359375f;
    r = r + n * 2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    int32_t bits = ((int32_t)n + 127) * (1 << 23);
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

/* One direction of one GRU over one sentence of ``len`` tokens whose input products start at row
 * ``first`` of ``proj`` (rows of ``pstride`` floats, this direction's r, z, n columns at ``pcol``);
 * writes the states to ``out`` (rows of ``ostride`` floats, at column ``ocol``). ``u`` is H × 3H
 * (gates r, z, n in the columns), ``b_hn`` the hidden bias of n (scaled by r, so it stays here). */
CLONES static void gru_sentence(const float *restrict proj, Py_ssize_t pstride, Py_ssize_t pcol, const float *restrict u,
                         const float *restrict b_hn, Py_ssize_t h, Py_ssize_t first, Py_ssize_t len, int backward,
                         float *restrict out, Py_ssize_t ostride, Py_ssize_t ocol, float *restrict state,
                         float *restrict g) {
    Py_ssize_t i, j, k, t;
    for (j = 0; j < h; j++)
        state[j] = 0.0f;
    for (t = 0; t < len; t++) {
        Py_ssize_t row = first + (backward ? len - 1 - t : t);
        const float *x = proj + row * pstride + pcol;
        for (j = 0; j < 3 * h; j++)
            g[j] = 0.0f;
        for (i = 0; i < h; i++) {
            const float hi = state[i];
            const float *ui = u + i * 3 * h;
            for (j = 0; j < 3 * h; j++)
                g[j] += hi * ui[j];
        }
        for (j = 0; j < 2 * h; j++)  /* r and z */
            g[j] = 1.0f / (1.0f + exp_f32(-(x[j] + g[j])));
        float *o = out + row * ostride + ocol;
        for (k = 0; k < h; k++) {
            float n = x[2 * h + k] + g[k] * (g[2 * h + k] + b_hn[k]);
            n = 2.0f / (1.0f + exp_f32(-2.0f * n)) - 1.0f;  /* tanh */
            float z = g[h + k];
            state[k] = (state[k] - n) * z + n;  /* (1 - z)·n + z·h */
            o[k] = state[k];
        }
    }
}

/* gru(proj, lens, u, b_hn, out): both GRUs (forward, backward) over sentences laid end to end.
 * proj: tokens × 6H float32 (forward r z n, then backward r z n); lens: sentences int64; u: 2 × H × 3H
 * float32; b_hn: 2 × H float32; out: tokens × 2H float32, written (forward states, then backward). */
static PyObject *gru(PyObject *self, PyObject *args) {
    PyObject *o[5];
    Py_ssize_t h;
    if (!PyArg_ParseTuple(args, "OOOOOn", &o[0], &o[1], &o[2], &o[3], &o[4], &h))
        return NULL;
    static const char *const names[] = {"proj", "lens", "u", "b_hn", "out"};
    static const Py_ssize_t sizes[] = {4, 8, 4, 4, 4};
    static const int writable[] = {0, 0, 0, 0, 1};
    Py_buffer v[5];
    if (get_buffers(5, o, v, names, sizes, writable) < 0)
        return NULL;
    Py_buffer *proj = &v[0], *lens = &v[1], *u = &v[2], *b = &v[3], *out = &v[4];
    Py_ssize_t n = lens->len / 8, total = 0, s;
    const int64_t *ls = (const int64_t *)lens->buf;
    for (s = 0; s < n; s++) {
        if (ls[s] < 0)
            return finish(5, v, fail("gru: negative sentence length"));
        total += (Py_ssize_t)ls[s];
    }
    if (h <= 0 || proj->len != total * 6 * h * 4 || out->len != total * 2 * h * 4 || u->len != 2 * h * 3 * h * 4
        || b->len != 2 * h * 4)
        return finish(5, v, fail("gru: array sizes do not agree"));
    float *work = (float *)malloc(sizeof(float) * 4 * h);
    if (work == NULL) {
        PyErr_NoMemory();
        return finish(5, v, 0);
    }
    Py_BEGIN_ALLOW_THREADS
    const float *pp = (const float *)proj->buf, *uu = (const float *)u->buf, *bb = (const float *)b->buf;
    float *oo = (float *)out->buf;
    Py_ssize_t first = 0;
    for (s = 0; s < n; s++) {
        Py_ssize_t len = (Py_ssize_t)ls[s];
        for (int k = 0; k < 2; k++)
            gru_sentence(pp, 6 * h, 3 * h * k, uu + k * h * 3 * h, bb + k * h, h, first, len, k, oo, 2 * h, h * k,
                         work, work + h);
        first += len;
    }
    Py_END_ALLOW_THREADS
    free(work);
    return finish(5, v, 1);
}

/* The Viterbi of one sentence: emissions ``em`` (len × L, type E), transitions ``tr`` (L × L, from
 * row to column, type T); sums in T, each step's best scores stored in E (as numpy stores them in
 * the emissions' type), ties to the first label. ``fwd`` holds len × L scores. */
#define VITERBI(NAME, E, T)                                                                        \
    static void NAME(const E *em, const T *tr, Py_ssize_t len, Py_ssize_t nl, E *fwd, int64_t *path) { \
        Py_ssize_t t, i, j;                                                                        \
        if (len <= 0)                                                                              \
            return;                                                                                \
        for (j = 0; j < nl; j++)                                                                   \
            fwd[j] = em[j];                                                                        \
        for (t = 1; t < len; t++) {                                                                \
            const E *prev = fwd + (t - 1) * nl;                                                    \
            for (j = 0; j < nl; j++) {                                                             \
                T best = (T)prev[0] + tr[j];                                                       \
                for (i = 1; i < nl; i++) {                                                         \
                    T v = (T)prev[i] + tr[i * nl + j];                                             \
                    if (v > best)                                                                  \
                        best = v;                                                                  \
                }                                                                                  \
                fwd[t * nl + j] = (E)(best + (T)em[t * nl + j]);                                   \
            }                                                                                      \
        }                                                                                          \
        const E *last = fwd + (len - 1) * nl;                                                      \
        Py_ssize_t b = 0;                                                                          \
        for (j = 1; j < nl; j++)                                                                   \
            if (last[j] > last[b])                                                                 \
                b = j;                                                                             \
        path[len - 1] = b;                                                                         \
        for (t = len - 1; t > 0; t--) {                                                            \
            const E *prev = fwd + (t - 1) * nl;                                                    \
            Py_ssize_t arg = 0;                                                                    \
            T best = (T)prev[0] + tr[b];                                                           \
            for (i = 1; i < nl; i++) {                                                             \
                T v = (T)prev[i] + tr[i * nl + b];                                                 \
                if (v > best) {                                                                    \
                    best = v;                                                                      \
                    arg = i;                                                                       \
                }                                                                                  \
            }                                                                                      \
            b = arg;                                                                               \
            path[t - 1] = b;                                                                       \
        }                                                                                          \
    }

VITERBI(viterbi_ff, float, float)
VITERBI(viterbi_dd, double, double)
VITERBI(viterbi_fd, float, double)

/* viterbi(em, lens, trans, out, em_bytes, trans_bytes): best paths of padded emissions em (batch ×
 * width × L) under trans (L × L) into out (batch × width int64, left as it is past each length);
 * em_bytes / trans_bytes: 4 (float32) or 8 (float64), em no wider than trans. */
static PyObject *viterbi(PyObject *self, PyObject *args) {
    PyObject *o[4];
    Py_ssize_t width, nl, eb, tb;
    if (!PyArg_ParseTuple(args, "OOOOnnnn", &o[0], &o[1], &o[2], &o[3], &width, &nl, &eb, &tb))
        return NULL;
    if (!((eb == 4 && tb == 4) || (eb == 8 && tb == 8) || (eb == 4 && tb == 8)) || nl <= 0 || width < 0) {
        PyErr_SetString(PyExc_ValueError, "viterbi: unsupported types or sizes");
        return NULL;
    }
    static const char *const names[] = {"em", "lens", "trans", "out"};
    static const int writable[] = {0, 0, 0, 1};
    const Py_ssize_t sizes[] = {eb, 8, tb, 8};
    Py_buffer v[4];
    if (get_buffers(4, o, v, names, sizes, writable) < 0)
        return NULL;
    Py_buffer *em = &v[0], *lens = &v[1], *tr = &v[2], *out = &v[3];
    Py_ssize_t n = lens->len / 8, s;
    const int64_t *ls = (const int64_t *)lens->buf;
    if (em->len != n * width * nl * eb || tr->len != nl * nl * tb || out->len != n * width * 8)
        return finish(4, v, fail("viterbi: array sizes do not agree"));
    for (s = 0; s < n; s++)
        if (ls[s] < 0 || ls[s] > width)
            return finish(4, v, fail("viterbi: a length is negative or past the width"));
    void *fwd = malloc((size_t)(width > 0 ? width : 1) * (size_t)nl * (size_t)eb);
    if (fwd == NULL) {
        PyErr_NoMemory();
        return finish(4, v, 0);
    }
    Py_BEGIN_ALLOW_THREADS
    for (s = 0; s < n; s++) {
        int64_t *path = (int64_t *)out->buf + s * width;
        if (eb == 4 && tb == 4)
            viterbi_ff((const float *)em->buf + s * width * nl, (const float *)tr->buf, ls[s], nl, (float *)fwd, path);
        else if (eb == 8)
            viterbi_dd((const double *)em->buf + s * width * nl, (const double *)tr->buf, ls[s], nl, (double *)fwd, path);
        else
            viterbi_fd((const float *)em->buf + s * width * nl, (const double *)tr->buf, ls[s], nl, (float *)fwd, path);
    }
    Py_END_ALLOW_THREADS
    free(fwd);
    return finish(4, v, 1);
}

/* The sums of table rows by segment, in order from zero (as numpy's reductions over an outer axis
 * add them): segment i sums the first take[i] of its lens[i] ids, skipping ids < 0. */
#define SEGSUM(NAME, T)                                                                            \
    static void NAME(const T *restrict table, Py_ssize_t cols, const int64_t *restrict ids,       \
                     const int64_t *restrict lens, const int64_t *restrict take, Py_ssize_t n,      \
                     T *restrict out) {                                                            \
        Py_ssize_t s, at = 0, c, k;                                                                \
        for (s = 0; s < n; s++) {                                                                  \
            T *o = out + s * cols;                                                                 \
            for (c = 0; c < cols; c++)                                                             \
                o[c] = 0;                                                                          \
            for (k = 0; k < take[s]; k++) {                                                        \
                int64_t id = ids[at + k];                                                          \
                if (id < 0)                                                                        \
                    continue;                                                                      \
                const T *row = table + id * cols;                                                  \
                for (c = 0; c < cols; c++)                                                         \
                    o[c] += row[c];                                                                \
            }                                                                                      \
            at += lens[s];                                                                         \
        }                                                                                          \
    }

CLONES SEGSUM(segsum_f, float)
CLONES SEGSUM(segsum_d, double)

/* segment_sum(table, ids, lens, take, out, cols, itemsize): table rows × cols (float32 or float64,
 * ``itemsize``), ids int64 (the runs end to end), lens and take int64 per segment (take ≤ lens), out
 * segments × cols, written. */
static PyObject *segment_sum(PyObject *self, PyObject *args) {
    PyObject *o[5];
    Py_ssize_t cols, isz;
    if (!PyArg_ParseTuple(args, "OOOOOnn", &o[0], &o[1], &o[2], &o[3], &o[4], &cols, &isz))
        return NULL;
    if ((isz != 4 && isz != 8) || cols <= 0) {
        PyErr_SetString(PyExc_ValueError, "segment_sum: unsupported type or size");
        return NULL;
    }
    static const char *const names[] = {"table", "ids", "lens", "take", "out"};
    static const int writable[] = {0, 0, 0, 0, 1};
    const Py_ssize_t sizes[] = {isz, 8, 8, 8, isz};
    Py_buffer v[5];
    if (get_buffers(5, o, v, names, sizes, writable) < 0)
        return NULL;
    Py_buffer *table = &v[0], *ids = &v[1], *lens = &v[2], *take = &v[3], *out = &v[4];
    Py_ssize_t n = lens->len / 8, rows = table->len / (cols * isz), total = 0, s, i;
    const int64_t *ls = (const int64_t *)lens->buf, *tk = (const int64_t *)take->buf, *id = (const int64_t *)ids->buf;
    if (table->len != rows * cols * isz || take->len != lens->len || out->len != n * cols * isz)
        return finish(5, v, fail("segment_sum: array sizes do not agree"));
    for (s = 0; s < n; s++) {
        if (ls[s] < 0 || tk[s] < 0 || tk[s] > ls[s])
            return finish(5, v, fail("segment_sum: a length is negative or a take exceeds it"));
        total += (Py_ssize_t)ls[s];
    }
    if (ids->len != total * 8)
        return finish(5, v, fail("segment_sum: the ids do not fill the lengths"));
    for (i = 0; i < total; i++) {
        if (id[i] >= rows) {
            PyErr_SetString(PyExc_IndexError, "segment_sum: an id is past the table");
            return finish(5, v, 0);
        }
    }
    Py_BEGIN_ALLOW_THREADS
    if (isz == 4)
        segsum_f((const float *)table->buf, cols, id, ls, tk, n, (float *)out->buf);
    else
        segsum_d((const double *)table->buf, cols, id, ls, tk, n, (double *)out->buf);
    Py_END_ALLOW_THREADS
    return finish(5, v, 1);
}

/* One residual convolution layer of the NER network from its three taps' products ``y`` (rows ×
 * 3D: tap 0 looks back ``dil`` rows, tap 1 here, tap 2 ahead): relu(y1 + b + y0[-dil] + y2[+dil]),
 * zero at the gap rows, written to ``h`` or added to it; in numpy's order of additions. */
CLONES static void conv_rows(const float *restrict y, float *restrict h, const float *restrict b,
                             const uint8_t *restrict gap, Py_ssize_t rows, Py_ssize_t d, Py_ssize_t dil, int add) {
    Py_ssize_t i, c;
    for (i = 0; i < rows; i++) {
        float *o = h + i * d;
        if (gap[i]) {
            if (!add)
                for (c = 0; c < d; c++)
                    o[c] = 0.0f;
            continue;
        }
        const float *mid = y + i * 3 * d + d;
        const float *back = i >= dil ? y + (i - dil) * 3 * d : NULL;
        const float *ahead = i + dil < rows ? y + (i + dil) * 3 * d + 2 * d : NULL;
        for (c = 0; c < d; c++) {
            float v = mid[c] + b[c];
            if (back)
                v += back[c];
            if (ahead)
                v += ahead[c];
            v = v > 0.0f ? v : 0.0f;
            o[c] = add ? o[c] + v : v;
        }
    }
}

/* conv_layer(y, h, bias, gap, d, dil, add): see conv_rows; y rows × 3d, h rows × d, bias d (float32),
 * gap rows (uint8, 1 at the zero rows between sentences). */
static PyObject *conv_layer(PyObject *self, PyObject *args) {
    PyObject *o[4];
    Py_ssize_t d, dil;
    int add;
    if (!PyArg_ParseTuple(args, "OOOOnnp", &o[0], &o[1], &o[2], &o[3], &d, &dil, &add))
        return NULL;
    static const char *const names[] = {"y", "h", "bias", "gap"};
    static const Py_ssize_t sizes[] = {4, 4, 4, 1};
    static const int writable[] = {0, 1, 0, 0};
    Py_buffer v[4];
    if (get_buffers(4, o, v, names, sizes, writable) < 0)
        return NULL;
    Py_buffer *y = &v[0], *h = &v[1], *b = &v[2], *gap = &v[3];
    Py_ssize_t rows = gap->len;
    if (d <= 0 || dil <= 0 || y->len != rows * 3 * d * 4 || h->len != rows * d * 4 || b->len != d * 4)
        return finish(4, v, fail("conv_layer: array sizes do not agree"));
    Py_BEGIN_ALLOW_THREADS
    conv_rows((const float *)y->buf, (float *)h->buf, (const float *)b->buf, (const uint8_t *)gap->buf, rows, d, dil,
              add);
    Py_END_ALLOW_THREADS
    return finish(4, v, 1);
}

/* The character CNN of the NER network: for each stem (its character ids end to end in ``ids``, each
 * stem after ``pad`` zero ids and ``pad`` more after the last), the maximum over its positions of
 * relu(taps[0][id at -pad] + … + taps[w-1][id at +pad] + b); in numpy's order of additions. */
CLONES static void char_rows(const int64_t *restrict ids, const int64_t *restrict lens, Py_ssize_t n,
                             const float *restrict taps, Py_ssize_t nchars, Py_ssize_t w, Py_ssize_t k,
                             const float *restrict b, float *restrict out, float *restrict v) {
    Py_ssize_t s, p, j, c, at = 0, pad = w / 2;
    for (s = 0; s < n; s++) {
        float *o = out + s * k;
        for (p = 0; p < lens[s]; p++) {
            const int64_t *x = ids + at + p;  /* the left edge of this position's window */
            for (c = 0; c < k; c++)
                v[c] = taps[x[0] * k + c];
            for (j = 1; j < w; j++) {
                const float *t = taps + (j * nchars + x[j]) * k;
                for (c = 0; c < k; c++)
                    v[c] += t[c];
            }
            for (c = 0; c < k; c++) {
                float y = v[c] + b[c];
                y = y > 0.0f ? y : 0.0f;
                o[c] = (p == 0 || y > o[c]) ? y : o[c];
            }
        }
        at += lens[s] + pad;
    }
}

/* char_cnn(ids, lens, taps, bias, out, width): ids int64 (see char_rows; every id below the
 * characters of taps), lens int64 per stem (≥ 1), taps width × characters × K float32, bias K,
 * out stems × K float32, written. */
static PyObject *char_cnn(PyObject *self, PyObject *args) {
    PyObject *o[5];
    Py_ssize_t w;
    if (!PyArg_ParseTuple(args, "OOOOOn", &o[0], &o[1], &o[2], &o[3], &o[4], &w))
        return NULL;
    static const char *const names[] = {"ids", "lens", "taps", "bias", "out"};
    static const Py_ssize_t sizes[] = {8, 8, 4, 4, 4};
    static const int writable[] = {0, 0, 0, 0, 1};
    Py_buffer v[5];
    if (get_buffers(5, o, v, names, sizes, writable) < 0)
        return NULL;
    Py_buffer *ids = &v[0], *lens = &v[1], *taps = &v[2], *b = &v[3], *out = &v[4];
    Py_ssize_t n = lens->len / 8, k = b->len / 4, total = 0, s, i;
    Py_ssize_t nchars = (w > 0 && k > 0) ? taps->len / (4 * w * k) : 0;
    const int64_t *ls = (const int64_t *)lens->buf, *id = (const int64_t *)ids->buf;
    if (w <= 0 || k <= 0 || nchars <= 0 || taps->len != w * nchars * k * 4 || out->len != n * k * 4)
        return finish(5, v, fail("char_cnn: array sizes do not agree"));
    for (s = 0; s < n; s++) {
        if (ls[s] < 1)
            return finish(5, v, fail("char_cnn: a stem without positions"));
        total += (Py_ssize_t)ls[s];
    }
    if (ids->len != (total + (w / 2) * (n + 1)) * 8)
        return finish(5, v, fail("char_cnn: the ids do not fill the lengths"));
    for (i = 0; i < ids->len / 8; i++) {
        if (id[i] < 0 || id[i] >= nchars) {
            PyErr_SetString(PyExc_IndexError, "char_cnn: a character id is past the taps");
            return finish(5, v, 0);
        }
    }
    float *work = (float *)malloc(sizeof(float) * k);
    if (work == NULL) {
        PyErr_NoMemory();
        return finish(5, v, 0);
    }
    Py_BEGIN_ALLOW_THREADS
    char_rows(id, ls, n, (const float *)taps->buf, nchars, w, k, (const float *)b->buf, (float *)out->buf, work);
    Py_END_ALLOW_THREADS
    free(work);
    return finish(5, v, 1);
}

static PyMethodDef methods[] = {
    {"gru", gru, METH_VARARGS, "gru(proj, lens, u, b_hn, out, hidden): both GRUs of the news LM over sentences."},
    {"viterbi", viterbi, METH_VARARGS,
     "viterbi(em, lens, trans, out, width, labels, em_bytes, trans_bytes): best label paths."},
    {"segment_sum", segment_sum, METH_VARARGS,
     "segment_sum(table, ids, lens, take, out, cols, itemsize): sums of table rows by segment."},
    {"conv_layer", conv_layer, METH_VARARGS, "conv_layer(y, h, bias, gap, d, dil, add): one convolution layer."},
    {"char_cnn", char_cnn, METH_VARARGS, "char_cnn(ids, lens, taps, bias, out, width): the character CNN."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_kernels",
                                    "Inner loops of the model stages in C (see _kernels.c).", -1, methods};

PyMODINIT_FUNC PyInit__kernels(void) { return PyModule_Create(&module); }
