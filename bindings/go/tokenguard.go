// Package tokenguard checks API-token management traffic against the APIs'
// schemas, through tokenguard's C API (libtokenguard.so) with cgo.
//
//	catalog, err := tokenguard.Embedded()
//	if err != nil { ... }
//	defer catalog.Close()
//	res, err := catalog.CheckRequest(ctx, req) // req's body is read and put back
//	if err == nil && !res.Valid {
//		for _, f := range res.Findings { log.Println(f.Code, f.Pointer, f.Message) }
//	}
//
// Every result is copied into Go values and its C memory freed before the
// call returns: nothing waits for a finalizer. One Catalog serves every
// goroutine. Messages never contain a header value or a secret field's value.
package tokenguard

/*
#cgo CFLAGS: -I${SRCDIR}/../../include
#cgo LDFLAGS: -ltokenguard
#include <stdlib.h>
#include "tokenguard/tokenguard.h"

// The _ex calls take structs; built here, on C's stack, they may hold the
// Go pointers (the body) that cgo lets C read only as direct arguments.
static tg_status tgo_check_request(const tg_catalog* c, const char* op, size_t op_len, const char* m, size_t m_len,
                                   const char* p, size_t p_len, const tg_header* hs, size_t hn, int given,
                                   const char* body, size_t body_len, unsigned flags, size_t max_body,
                                   size_t max_findings, tg_result** out) {
  tg_request r = {op, op_len, m, m_len, p, p_len, hs, hn, given, body, body_len};
  tg_options o = {sizeof(tg_options), flags, max_body, max_findings};
  return tg_check_request_ex(c, &r, &o, out);
}
static tg_status tgo_check_response(const tg_catalog* c, const char* op, size_t op_len, int status, const char* body,
                                    size_t body_len, unsigned flags, size_t max_body, size_t max_findings,
                                    tg_result** out) {
  tg_request r = {op, op_len, NULL, 0, NULL, 0, NULL, 0, 0, NULL, 0};
  tg_options o = {sizeof(tg_options), flags, max_body, max_findings};
  return tg_check_response_ex(c, &r, status, body, body_len, &o, out);
}
*/
import "C"

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"unsafe"
)

// Error is every error this package returns.
type Error struct {
	Status int    // the C API's tg_status
	What   string // what failed, never quoting a secret
}

func (e *Error) Error() string { return "tokenguard: " + e.What }

// ErrUnknownOperation is wrapped by errors for an operation id the catalog lacks.
var ErrUnknownOperation = errors.New("tokenguard: unknown operation")

func statusError(s C.tg_status, what string) error {
	switch s {
	case C.TG_OK, C.TG_INVALID:
		return nil
	case C.TG_ERR_UNKNOWN_OPERATION:
		return fmt.Errorf("%w: %s", ErrUnknownOperation, what)
	}
	return &Error{Status: int(s), What: what + ": " + C.GoString(C.tg_status_string(C.int(s)))}
}

// Finding is one problem a check found.
type Finding struct {
	Severity string // "error" or "warning"
	Location string // "body", "path", "query", "header", "status" or "route"
	Pointer  string // RFC 6901, into that location
	Keyword  string
	Code     string // stable, e.g. "TG_FORMAT"
	Message  string // for people; never echoes a secret
}

// Result is a check's verdict.
type Result struct {
	Valid     bool
	Operation string // the operation checked against; "" when none matched
	Findings  []Finding
	envelope  []byte
}

// Envelope is the findings as a Cloudflare-style error envelope (JSON); nil
// for a result without findings.
func (r *Result) Envelope() []byte { return r.envelope }

// Options change how a check is made; the zero value is the defaults.
// At most one Options may be passed to a check.
type Options struct {
	Strict           bool // an undeclared request member is an error (SoftwareOne: a warning by default)
	FailFast         bool // stop at the first error
	NoSemanticChecks bool // the body against its schema alone; a note says so
	MaxBodyBytes     int  // 0: 1 MiB for a request, 32 MiB for a response
	MaxFindings      int  // 0: 100
}

// flags gives the C API's tg_options fields, or an error for a bad value.
func optionsOf(opts []Options) (flags C.uint, maxBody, maxFindings C.size_t, err error) {
	if len(opts) > 1 {
		return 0, 0, 0, &Error{Status: int(C.TG_ERR_ARGUMENT), What: "at most one Options"}
	}
	if len(opts) == 0 {
		return 0, 0, 0, nil
	}
	o := opts[0]
	if o.MaxBodyBytes < 0 || o.MaxFindings < 0 {
		return 0, 0, 0, &Error{Status: int(C.TG_ERR_ARGUMENT), What: "MaxBodyBytes and MaxFindings must not be negative"}
	}
	if o.Strict {
		flags |= C.TG_OPTION_STRICT
	}
	if o.FailFast {
		flags |= C.TG_OPTION_FAIL_FAST
	}
	if o.NoSemanticChecks {
		flags |= C.TG_OPTION_NO_SEMANTIC_CHECKS
	}
	return flags, C.size_t(o.MaxBodyBytes), C.size_t(o.MaxFindings), nil
}

// Operation is one operation a catalog routes.
type Operation struct{ ID, Method, Path string }

// Catalog is a set of operations to check against.
type Catalog struct {
	mu sync.RWMutex // Close waits for running checks
	c  *C.tg_catalog
}

// Embedded is the catalog compiled into the library.
func Embedded() (*Catalog, error) {
	var c *C.tg_catalog
	if err := statusError(C.tg_catalog_embedded(&c), "embedded catalog"); err != nil {
		return nil, err
	}
	return &Catalog{c: c}, nil
}

// FromOpenAPIFile loads your own OpenAPI 3.0 or 3.1 document (JSON or YAML),
// with the files its relative $refs name beside it.
func FromOpenAPIFile(path string) (*Catalog, error) {
	cpath := C.CString(path)
	defer C.free(unsafe.Pointer(cpath))
	var c *C.tg_catalog
	buf := make([]byte, 1024)
	s := C.tg_catalog_from_openapi_file(cpath, C.size_t(len(path)), nil, &c, (*C.char)(unsafe.Pointer(&buf[0])), C.size_t(len(buf)))
	if s != C.TG_OK {
		return nil, &Error{Status: int(s), What: "the OpenAPI document did not load: " + C.GoString((*C.char)(unsafe.Pointer(&buf[0])))}
	}
	return &Catalog{c: c}, nil
}

// Close frees the catalog once no check is running; using it after is an error.
func (c *Catalog) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.c != nil {
		C.tg_catalog_free(c.c)
		c.c = nil
	}
}

// Operations lists the catalog's operations.
func (c *Catalog) Operations() []Operation {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.c == nil {
		return nil
	}
	n := int(C.tg_catalog_operation_count(c.c))
	ops := make([]Operation, 0, n)
	for i := 0; i < n; i++ {
		ops = append(ops, Operation{
			ID:     C.GoString(C.tg_catalog_operation_id(c.c, C.size_t(i))),
			Method: C.GoString(C.tg_catalog_operation_method(c.c, C.size_t(i))),
			Path:   C.GoString(C.tg_catalog_operation_path(c.c, C.size_t(i))),
		})
	}
	return ops
}

var errClosed = &Error{Status: int(C.TG_ERR_ARGUMENT), What: "the catalog is closed"}

// cbytes gives C a pointer into b for the call's duration (nil for empty).
func cbytes(b []byte) *C.char {
	if len(b) == 0 {
		return nil
	}
	return (*C.char)(unsafe.Pointer(&b[0]))
}

// readResult copies a tg_result into Go values and frees it.
func readResult(r *C.tg_result) *Result {
	defer C.tg_result_free(r)
	res := &Result{Valid: C.tg_result_valid(r) != 0, Operation: C.GoString(C.tg_result_operation(r))}
	n := int(C.tg_result_finding_count(r))
	for i := 0; i < n; i++ {
		var f C.tg_finding
		if C.tg_result_finding(r, C.size_t(i), &f) != C.TG_OK {
			continue
		}
		sev := "error"
		if f.severity == C.TG_SEVERITY_WARNING {
			sev = "warning"
		}
		res.Findings = append(res.Findings, Finding{sev, C.GoString(f.location), C.GoString(f.pointer),
			C.GoString(f.keyword), C.GoString(f.code), C.GoString(f.message)})
	}
	if n == 0 {
		return res // nothing to put in an envelope
	}
	var needed C.size_t
	if C.tg_result_envelope(r, nil, 0, &needed) == C.TG_ERR_BUFFER_TOO_SMALL || needed > 0 {
		buf := make([]byte, int(needed)+1)
		if C.tg_result_envelope(r, (*C.char)(unsafe.Pointer(&buf[0])), C.size_t(len(buf)), &needed) == C.TG_OK {
			res.envelope = buf[:needed]
		}
	}
	return res
}

// CheckRequestBytes checks a request given as its parts, routed by method
// and path. headers nil means none were given (credentials are then not
// checked).
func (c *Catalog) CheckRequestBytes(method, path string, headers http.Header, body []byte, opts ...Options) (*Result, error) {
	return c.checkRequest("", method, path, headers, body, opts)
}

// CheckOperationRequest checks a request body (and headers) against the
// operation with id op, without routing.
func (c *Catalog) CheckOperationRequest(op string, headers http.Header, body []byte, opts ...Options) (*Result, error) {
	return c.checkRequest(op, "", "", headers, body, opts)
}

func (c *Catalog) checkRequest(op, method, path string, headers http.Header, body []byte, opts []Options) (*Result, error) {
	flags, maxBody, maxFindings, err := optionsOf(opts)
	if err != nil {
		return nil, err
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.c == nil {
		return nil, errClosed
	}
	// Every string C reads is copied into one C block, freed after the call
	// (cgo forbids handing C Go memory that holds Go pointers).
	var block []byte
	type span struct{ off, n int }
	put := func(s string) span { o := len(block); block = append(block, s...); return span{o, len(s)} }
	var names, values []span
	for k, vs := range headers {
		for _, v := range vs {
			names = append(names, put(k))
			values = append(values, put(v))
		}
	}
	o, m, p := put(op), put(method), put(path)
	cblock := C.CBytes(append(block, 0))
	defer C.free(cblock)
	at := func(s span) *C.char { return (*C.char)(unsafe.Add(cblock, s.off)) }
	var hs *C.tg_header
	if len(names) > 0 {
		hs = (*C.tg_header)(C.malloc(C.size_t(len(names)) * C.size_t(unsafe.Sizeof(C.tg_header{}))))
		defer C.free(unsafe.Pointer(hs))
		arr := unsafe.Slice(hs, len(names))
		for i := range names {
			arr[i] = C.tg_header{at(names[i]), C.size_t(names[i].n), at(values[i]), C.size_t(values[i].n)}
		}
	}
	given := C.int(0)
	if headers != nil {
		given = 1
	}
	var out *C.tg_result
	var cop *C.char
	if op != "" {
		cop = at(o)
	}
	s := C.tgo_check_request(c.c, cop, C.size_t(o.n), at(m), C.size_t(m.n), at(p), C.size_t(p.n), hs, C.size_t(len(names)), given,
		cbytes(body), C.size_t(len(body)), flags, maxBody, maxFindings, &out)
	if err := statusError(s, "check request"); err != nil {
		return nil, err
	}
	return readResult(out), nil
}

// CheckRequest checks an outgoing request: its method, URL path and query,
// headers and body. The body is read and put back, so the request can still
// be sent.
func (c *Catalog) CheckRequest(ctx context.Context, req *http.Request, opts ...Options) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	body, err := takeBody(&req.Body)
	if err != nil {
		return nil, err
	}
	return c.CheckRequestBytes(req.Method, req.URL.RequestURI(), req.Header, body, opts...)
}

// CheckResponseBytes checks an answer to the operation with id op.
func (c *Catalog) CheckResponseBytes(op string, status int, body []byte, opts ...Options) (*Result, error) {
	flags, maxBody, maxFindings, err := optionsOf(opts)
	if err != nil {
		return nil, err
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.c == nil {
		return nil, errClosed
	}
	cop := C.CString(op)
	defer C.free(unsafe.Pointer(cop))
	var out *C.tg_result
	s := C.tgo_check_response(c.c, cop, C.size_t(len(op)), C.int(status), cbytes(body), C.size_t(len(body)), flags, maxBody,
		maxFindings, &out)
	if err := statusError(s, "check response"); err != nil {
		return nil, err
	}
	return readResult(out), nil
}

// CheckResponse checks an answer to the operation with id op; its body is
// read and put back.
func (c *Catalog) CheckResponse(op string, resp *http.Response, opts ...Options) (*Result, error) {
	body, err := takeBody(&resp.Body)
	if err != nil {
		return nil, err
	}
	return c.CheckResponseBytes(op, resp.StatusCode, body, opts...)
}

// takeBody reads a body and puts an identical reader back in its place.
func takeBody(b *io.ReadCloser) ([]byte, error) {
	if *b == nil || *b == http.NoBody {
		return nil, nil
	}
	data, err := io.ReadAll(*b)
	(*b).Close()
	*b = io.NopCloser(bytes.NewReader(data))
	return data, err
}
