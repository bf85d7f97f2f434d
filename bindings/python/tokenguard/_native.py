"""The C API (include/tokenguard/tokenguard.h) through ctypes.

libtokenguard.so is found, in order: $TOKENGUARD_LIBRARY; the library the
package was installed beside; the system's (ldconfig, /usr/local/lib).
ctypes releases the GIL for every foreign call, so checks run in parallel
from threads, which may share one catalog.
"""
import ctypes
import ctypes.util
import os

c_char_p = ctypes.c_char_p
c_size_t = ctypes.c_size_t
c_int = ctypes.c_int


class Header(ctypes.Structure):
    _fields_ = [("name", c_char_p), ("name_len", c_size_t), ("value", c_char_p), ("value_len", c_size_t)]


class FindingStruct(ctypes.Structure):
    _fields_ = [("severity", c_int), ("location", c_char_p), ("pointer", c_char_p), ("keyword", c_char_p),
                ("code", c_char_p), ("message", c_char_p)]


class Request(ctypes.Structure):
    _fields_ = [("operation_id", c_char_p), ("operation_id_len", c_size_t), ("method", c_char_p),
                ("method_len", c_size_t), ("path", c_char_p), ("path_len", c_size_t),
                ("headers", ctypes.POINTER(Header)), ("header_count", c_size_t), ("headers_given", c_int),
                ("body", c_char_p), ("body_len", c_size_t)]


class Options(ctypes.Structure):
    _fields_ = [("size", c_size_t), ("flags", ctypes.c_uint), ("max_body_bytes", c_size_t),
                ("max_findings", c_size_t)]


TG_OPTION_STRICT, TG_OPTION_FAIL_FAST, TG_OPTION_NO_SEMANTIC_CHECKS = 1, 2, 4


def _candidates():
    env = os.environ.get("TOKENGUARD_LIBRARY")
    if env:
        yield env
    here = os.path.dirname(os.path.abspath(__file__))
    yield os.path.join(here, "libtokenguard.so")
    found = ctypes.util.find_library("tokenguard")
    if found:
        yield found
    for d in ("/usr/local/lib", "/usr/lib"):
        yield os.path.join(d, "libtokenguard.so")


def _load():
    errors = []
    for path in _candidates():
        if not path or (os.path.sep in path and not os.path.exists(path)):
            continue
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            errors.append(f"{path}: {e}")
    raise OSError("libtokenguard.so not found (set TOKENGUARD_LIBRARY to its path)"
                  + ("; " + "; ".join(errors) if errors else ""))


lib = _load()
P = ctypes.POINTER
VP = ctypes.c_void_p


def _sig(name, restype, *argtypes):
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)


_sig("tg_version", c_char_p)
_sig("tg_status_string", c_char_p, c_int)
_sig("tg_catalog_embedded", c_int, P(VP))
_sig("tg_catalog_from_openapi", c_int, c_char_p, c_size_t, P(VP), ctypes.c_char_p, c_size_t)
_sig("tg_catalog_from_openapi_file", c_int, c_char_p, c_size_t, VP, P(VP), ctypes.c_char_p, c_size_t)
_sig("tg_catalog_free", None, VP)
_sig("tg_catalog_operation_count", c_size_t, VP)
_sig("tg_catalog_operation_id", c_char_p, VP, c_size_t)
_sig("tg_catalog_operation_method", c_char_p, VP, c_size_t)
_sig("tg_catalog_operation_path", c_char_p, VP, c_size_t)
_sig("tg_check_request", c_int, VP, c_char_p, c_size_t, c_char_p, c_size_t, c_char_p, c_size_t,
     P(Header), c_size_t, c_int, c_char_p, c_size_t, P(VP))
_sig("tg_check_response", c_int, VP, c_char_p, c_size_t, c_char_p, c_size_t, c_char_p, c_size_t,
     c_int, c_char_p, c_size_t, P(VP))
_sig("tg_check_request_ex", c_int, VP, P(Request), P(Options), P(VP))
_sig("tg_check_response_ex", c_int, VP, P(Request), c_int, c_char_p, c_size_t, P(Options), P(VP))
_sig("tg_result_valid", c_int, VP)
_sig("tg_result_operation", c_char_p, VP)
_sig("tg_result_finding_count", c_size_t, VP)
_sig("tg_result_finding", c_int, VP, c_size_t, P(FindingStruct))
_sig("tg_result_envelope", c_int, VP, ctypes.c_char_p, c_size_t, P(c_size_t))
_sig("tg_result_free", None, VP)
_sig("tg_parse_duration", c_int, c_char_p, c_size_t, P(ctypes.c_int64), ctypes.c_char_p, c_size_t)
_sig("tg_parse_date_time", c_int, c_char_p, c_size_t, P(ctypes.c_int64), P(ctypes.c_uint32), P(ctypes.c_int32),
     ctypes.c_char_p, c_size_t)
_sig("tg_parse_cidr", c_int, c_char_p, c_size_t, ctypes.c_char_p, c_size_t, P(c_int), ctypes.c_char_p, c_size_t)

TG_OK, TG_INVALID, TG_ERR_ARGUMENT, TG_ERR_UNKNOWN_OPERATION, TG_ERR_LOAD, TG_ERR_BUFFER_TOO_SMALL = 0, 1, 2, 3, 4, 5
