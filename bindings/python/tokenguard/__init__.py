"""tokenguard from Python: pre-flight checks of API-token management traffic.

    import tokenguard
    catalog = tokenguard.Catalog.embedded()
    r = catalog.check_request(method="PUT", path="/user/tokens/ed17574386854bf78a67040be0a770b0",
                              headers={"Authorization": "Bearer ...", "Content-Type": "application/json"},
                              body={"name": "ci", "policies": []})
    if not r.valid:
        for f in r.findings:
            print(f.code, f.pointer, f.message)

Everything goes through tokenguard's C API (libtokenguard.so), so the
verdicts, codes and messages are the C++ library's. No secret (a header
value, a body) appears in any repr or exception text.
"""
import ctypes
import datetime as _dt
import ipaddress as _ip
import json as _json
import os as _os
from dataclasses import dataclass
from typing import Mapping, Optional, Sequence, Tuple, Union

from . import _native as _n

__all__ = ["Error", "ArgumentError", "LoadError", "UnknownOperationError", "ParseError", "Finding", "Operation",
           "Result", "Catalog", "parse_duration", "parse_duration_ns", "parse_cidr", "parse_date_time",
           "parse_date_time_ns", "version"]


class Error(Exception):
    """Every error tokenguard raises derives from this."""


class ArgumentError(Error, ValueError):
    """An argument the C API does not allow."""


class LoadError(Error):
    """An OpenAPI document that did not load."""


class UnknownOperationError(Error, KeyError):
    """No operation with that id."""


class ParseError(Error, ValueError):
    """A value its grammar refuses; the message says where and why."""


def version() -> str:
    return _n.lib.tg_version().decode()


def _status(s: int, what: str) -> None:
    if s in (_n.TG_OK, _n.TG_INVALID):
        return
    text = _n.lib.tg_status_string(s).decode()
    if s == _n.TG_ERR_ARGUMENT:
        raise ArgumentError(f"{what}: {text}")
    if s == _n.TG_ERR_UNKNOWN_OPERATION:
        raise UnknownOperationError(f"{what}: {text}")
    if s == _n.TG_ERR_LOAD:
        raise LoadError(f"{what}: {text}")
    raise Error(f"{what}: {text}")


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" or "warning"
    location: str  # "body", "path", "query", "header", "status" or "route"
    pointer: str   # RFC 6901, into that location
    keyword: str
    code: str      # stable, e.g. "TG_FORMAT"
    message: str   # for people; never echoes a secret


@dataclass(frozen=True)
class Operation:
    id: str
    method: str
    path: str


class _Owned:
    """A C handle freed by close(), at the end of a with block, or when the
    object goes (CPython frees it as soon as the last reference does)."""

    __slots__ = ()
    _free = None  # the C function that frees the handle

    def close(self) -> None:
        if self._handle is not None:
            self._free(self._handle)
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


class Result(_Owned):
    """A check's verdict and findings. The C result is freed when the
    Result is (CPython frees it as soon as the last reference goes), or at
    close() / the end of a with block."""

    __slots__ = ("valid", "operation", "findings", "_handle")
    _free = staticmethod(lambda h: _n.lib.tg_result_free(h))

    def __init__(self, handle: int):
        self._handle = handle
        lib = _n.lib
        self.valid = bool(lib.tg_result_valid(handle))
        op = lib.tg_result_operation(handle)
        self.operation = op.decode() if op else None
        findings = []
        f = _n.FindingStruct()
        for i in range(lib.tg_result_finding_count(handle)):
            if lib.tg_result_finding(handle, i, ctypes.byref(f)) != _n.TG_OK:
                continue
            findings.append(Finding("error" if f.severity == 0 else "warning", f.location.decode(),
                                    f.pointer.decode(errors="replace"), f.keyword.decode(), f.code.decode(),
                                    f.message.decode(errors="replace")))
        self.findings: Tuple[Finding, ...] = tuple(findings)
        if not self.operation:
            self.operation = None

    def envelope(self) -> str:
        """The findings as a Cloudflare-style error envelope (JSON text)."""
        if self._handle is None:
            raise Error("the result is closed")
        needed = ctypes.c_size_t(0)
        buf = ctypes.create_string_buffer(4096)
        s = _n.lib.tg_result_envelope(self._handle, buf, len(buf), ctypes.byref(needed))
        if s == _n.TG_ERR_BUFFER_TOO_SMALL:
            buf = ctypes.create_string_buffer(needed.value + 1)
            s = _n.lib.tg_result_envelope(self._handle, buf, len(buf), ctypes.byref(needed))
        _status(s, "envelope")
        return buf.raw[:needed.value].decode()

    def __bool__(self) -> bool:
        return self.valid

    def __repr__(self) -> str:
        codes = ", ".join(f.code for f in self.findings[:5]) + (", ..." if len(self.findings) > 5 else "")
        return f"<tokenguard.Result valid={self.valid} operation={self.operation!r} findings=[{codes}]>"


def _options(strict: bool, fail_fast: bool, semantic_checks: bool, max_body_bytes: int,
             max_findings: int) -> "_n.Options":
    for name, n in (("max_body_bytes", max_body_bytes), ("max_findings", max_findings)):
        if not isinstance(n, int) or isinstance(n, bool) or n < 0 or n >= 1 << (8 * ctypes.sizeof(ctypes.c_size_t)):
            raise ArgumentError(f"{name} must be an int from 0 to SIZE_MAX")
    flags = ((_n.TG_OPTION_STRICT if strict else 0) | (_n.TG_OPTION_FAIL_FAST if fail_fast else 0)
             | (0 if semantic_checks else _n.TG_OPTION_NO_SEMANTIC_CHECKS))
    return _n.Options(ctypes.sizeof(_n.Options), flags, max_body_bytes, max_findings)


def _bytes(body) -> bytes:
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, bytearray):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8")
    return _json.dumps(body, separators=(",", ":")).encode("utf-8")


def _text(s: Optional[str]) -> bytes:
    return b"" if s is None else s.encode("utf-8")


class Catalog(_Owned):
    """Operations to check against: the embedded catalog, or your own
    OpenAPI document. One catalog serves every thread."""

    __slots__ = ("_handle", "__weakref__")
    _free = staticmethod(lambda h: _n.lib.tg_catalog_free(h))

    def __init__(self, handle: int):
        self._handle = handle

    @classmethod
    def embedded(cls) -> "Catalog":
        h = ctypes.c_void_p()
        _status(_n.lib.tg_catalog_embedded(ctypes.byref(h)), "Catalog.embedded")
        return cls(h.value)

    @classmethod
    def from_openapi(cls, document: Union[str, "_os.PathLike[str]", Mapping]) -> "Catalog":
        """A catalog from an OpenAPI 3.0 or 3.1 document: a path to a JSON
        or YAML file (its relative $refs read from the files beside it), or
        the document as a dict."""
        h = ctypes.c_void_p()
        err = ctypes.create_string_buffer(1024)
        if isinstance(document, Mapping):
            text = _json.dumps(document).encode("utf-8")
            s = _n.lib.tg_catalog_from_openapi(text, len(text), ctypes.byref(h), err, len(err))
        else:
            path = _os.fsencode(document)
            s = _n.lib.tg_catalog_from_openapi_file(path, len(path), None, ctypes.byref(h), err, len(err))
        if s != _n.TG_OK:
            reason = err.value.decode(errors="replace") or _n.lib.tg_status_string(s).decode()
            raise LoadError(f"the OpenAPI document did not load: {reason}")
        return cls(h.value)

    @property
    def operations(self) -> Sequence[Operation]:
        lib = _n.lib
        return [Operation(lib.tg_catalog_operation_id(self._handle, i).decode(),
                          lib.tg_catalog_operation_method(self._handle, i).decode(),
                          lib.tg_catalog_operation_path(self._handle, i).decode())
                for i in range(lib.tg_catalog_operation_count(self._handle))]

    def check_request(self, method: Optional[str] = None, path: Optional[str] = None,
                      headers: Optional[Mapping[str, str]] = None, body=None,
                      operation: Optional[str] = None, *, strict: bool = False, fail_fast: bool = False,
                      semantic_checks: bool = True, max_body_bytes: int = 0, max_findings: int = 0) -> Result:
        """Checks a request: routed by method and path, or against
        `operation` (an id). headers=None means none were given (credentials
        are then not checked, and a note says so); body may be bytes, str or
        a JSON-able value. The keyword options are the C API's tg_options:
        strict (an undeclared request member is an error), fail_fast (stop
        at the first error), semantic_checks=False (the schema alone; a note
        says so), max_body_bytes and max_findings (0: the defaults)."""
        self._open()
        hs = list((headers or {}).items())
        keep = [(_text(k), _text(v)) for k, v in hs]
        arr = (_n.Header * max(len(keep), 1))()
        for i, (k, v) in enumerate(keep):
            arr[i] = _n.Header(k, len(k), v, len(v))
        op, m, p, b = _text(operation), _text(method), _text(path), _bytes(body)
        req = _n.Request(op if operation else None, len(op), m, len(m), p, len(p), arr, len(keep),
                         0 if headers is None else 1, b, len(b))
        opts = _options(strict, fail_fast, semantic_checks, max_body_bytes, max_findings)
        out = ctypes.c_void_p()
        s = _n.lib.tg_check_request_ex(self._handle, ctypes.byref(req), ctypes.byref(opts), ctypes.byref(out))
        _status(s, "check_request")
        return Result(out.value)

    def check_response(self, operation: Union[str, Operation], status: int, body=None, *, fail_fast: bool = False,
                       semantic_checks: bool = True, max_body_bytes: int = 0, max_findings: int = 0) -> Result:
        """Checks an upstream's answer to `operation` (an id or an Operation),
        with the keyword options of check_request (strict is for requests)."""
        self._open()
        op = _text(operation.id if isinstance(operation, Operation) else operation)
        b = _bytes(body)
        req = _n.Request(op, len(op), None, 0, None, 0, None, 0, 0, None, 0)
        opts = _options(False, fail_fast, semantic_checks, max_body_bytes, max_findings)
        out = ctypes.c_void_p()
        s = _n.lib.tg_check_response_ex(self._handle, ctypes.byref(req), int(status), b, len(b), ctypes.byref(opts),
                                        ctypes.byref(out))
        _status(s, "check_response")
        return Result(out.value)

    def _open(self) -> None:
        if self._handle is None:
            raise Error("the catalog is closed")

    def __repr__(self) -> str:
        n = 0 if self._handle is None else _n.lib.tg_catalog_operation_count(self._handle)
        return f"<tokenguard.Catalog operations={n}>"


def _grammar_error(err) -> ParseError:
    return ParseError(err.value.decode(errors="replace"))


def parse_duration_ns(text: str) -> int:
    """A Go duration ("2h45m", "300ms") as integer nanoseconds."""
    b = _text(text)
    ns = ctypes.c_int64()
    err = ctypes.create_string_buffer(256)
    s = _n.lib.tg_parse_duration(b, len(b), ctypes.byref(ns), err, len(err))
    if s == _n.TG_INVALID:
        raise _grammar_error(err)
    _status(s, "parse_duration")
    return ns.value


def parse_duration(text: str) -> _dt.timedelta:
    """A Go duration as a timedelta (microseconds; parse_duration_ns keeps
    the nanoseconds)."""
    return _dt.timedelta(microseconds=parse_duration_ns(text) // 1000)


def parse_date_time_ns(text: str) -> Tuple[int, int, int]:
    """An RFC 3339 date-time as (unix seconds, nanoseconds, offset seconds)."""
    b = _text(text)
    secs, nanos, offset = ctypes.c_int64(), ctypes.c_uint32(), ctypes.c_int32()
    err = ctypes.create_string_buffer(256)
    s = _n.lib.tg_parse_date_time(b, len(b), ctypes.byref(secs), ctypes.byref(nanos), ctypes.byref(offset), err,
                                  len(err))
    if s == _n.TG_INVALID:
        raise _grammar_error(err)
    _status(s, "parse_date_time")
    return secs.value, nanos.value, offset.value


def parse_date_time(text: str) -> _dt.datetime:
    """An RFC 3339 date-time as an aware datetime in the offset it was
    written with (microseconds; a leap second 23:59:60 becomes the next
    second's instant)."""
    secs, nanos, offset = parse_date_time_ns(text)
    tz = _dt.timezone(_dt.timedelta(seconds=offset))
    return _dt.datetime.fromtimestamp(secs, tz) + _dt.timedelta(microseconds=nanos // 1000)


def parse_cidr(text: str) -> Union[_ip.IPv4Network, _ip.IPv6Network]:
    """A CIDR prefix by Go's netip rules, masked: "123.123.123.100/24" gives
    IPv4Network("123.123.123.0/24")."""
    b = _text(text)
    canonical = ctypes.create_string_buffer(64)
    bits = ctypes.c_int()
    err = ctypes.create_string_buffer(256)
    s = _n.lib.tg_parse_cidr(b, len(b), canonical, len(canonical), ctypes.byref(bits), err, len(err))
    if s == _n.TG_INVALID:
        raise _grammar_error(err)
    _status(s, "parse_cidr")
    return _ip.ip_network(canonical.value.decode())
