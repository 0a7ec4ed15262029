/* jingshu.psi._x25519: X25519 of one scalar with a batch of u-coordinates.
 *
 * scalarmult_batch(scalar, us, *, portable=False) -> bytes
 *     scalar: 32 bytes (clamped as RFC 7748 says); us: concatenated 32-byte
 *     u-coordinates.  Returns the concatenated X25519 outputs in the same order.
 *     Raises ValueError naming the first u-coordinate whose output is all zero
 *     (a low-order point).  The GIL is released while computing.
 * ifma_available() -> bool: whether the 8-lane AVX-512 IFMA ladder is used.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "x25519.h"

static int ifma_ok = 0;

static Py_ssize_t first_zero(const uint8_t *out, Py_ssize_t n) {
    for (Py_ssize_t i = 0; i < n; i++) {
        uint8_t any = 0;
        for (int j = 0; j < X25519_BYTES; j++) any |= out[i * X25519_BYTES + j];
        if (!any) return i;
    }
    return -1;
}

static PyObject *compute(const Py_buffer *scalar, const Py_buffer *us, int portable) {
    Py_ssize_t n = us->len / X25519_BYTES;
    PyObject *result = PyBytes_FromStringAndSize(NULL, us->len);
    if (result == NULL) return NULL;
    uint8_t *out = (uint8_t *)PyBytes_AS_STRING(result);
    Py_BEGIN_ALLOW_THREADS
    if (ifma_ok && !portable)
        x25519_batch_ifma(out, scalar->buf, us->buf, (size_t)n);
    else
        x25519_batch_portable(out, scalar->buf, us->buf, (size_t)n);
    Py_END_ALLOW_THREADS
    Py_ssize_t zero = first_zero(out, n);
    if (zero >= 0) {
        Py_DECREF(result);
        return PyErr_Format(PyExc_ValueError,
                            "u-coordinate %zd of the batch gives the all-zero X25519 output "
                            "(a low-order point)", zero);
    }
    return result;
}

static PyObject *scalarmult_batch(PyObject *self, PyObject *args, PyObject *kwargs) {
    static char *kwlist[] = {"scalar", "us", "portable", NULL};
    Py_buffer scalar, us;
    int portable = 0;
    (void)self;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "y*y*|$p:scalarmult_batch", kwlist,
                                     &scalar, &us, &portable))
        return NULL;
    PyObject *result = NULL;
    if (scalar.len != X25519_BYTES)
        PyErr_Format(PyExc_ValueError, "scalar must be 32 bytes, not %zd", scalar.len);
    else if (us.len % X25519_BYTES)
        PyErr_Format(PyExc_ValueError, "us must be whole 32-byte u-coordinates, not %zd bytes",
                     us.len);
    else
        result = compute(&scalar, &us, portable);
    PyBuffer_Release(&scalar);
    PyBuffer_Release(&us);
    return result;
}

static PyObject *ifma_available(PyObject *self, PyObject *unused) {
    (void)self;
    (void)unused;
    return PyBool_FromLong(ifma_ok);
}

static PyMethodDef methods[] = {
    {"scalarmult_batch", (PyCFunction)(void (*)(void))scalarmult_batch,
     METH_VARARGS | METH_KEYWORDS,
     "scalarmult_batch(scalar, us, *, portable=False) -> bytes\n\n"
     "X25519(scalar, u) for each 32-byte u in us, concatenated; the GIL is released.\n"
     "portable=True forces the radix-2^51 ladder instead of AVX-512 IFMA."},
    {"ifma_available", ifma_available, METH_NOARGS,
     "Whether the 8-lane AVX-512 IFMA ladder is compiled in and this CPU supports it."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_x25519",
    "X25519 (RFC 7748) of one scalar with many u-coordinates.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__x25519(void) {
    ifma_ok = x25519_ifma_available();
    return PyModule_Create(&module);
}
