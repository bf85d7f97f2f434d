package tokenguard

import (
	"fmt"
	"net/http"
	"strings"
)

// Mode says what a Transport does with a finding.
type Mode int

const (
	// Enforce refuses an invalid request (it is never sent) and an invalid answer.
	Enforce Mode = iota
	// Log sends everything and reports findings to Transport.Log.
	Log
)

// Rejected is the error a Transport in Enforce mode returns.
type Rejected struct {
	Direction string // "request" or "response"
	Result    *Result
}

func (r *Rejected) Error() string {
	codes := make([]string, 0, len(r.Result.Findings))
	for _, f := range r.Result.Findings {
		if f.Severity == "error" {
			codes = append(codes, f.Code+" at "+f.Location+":"+f.Pointer)
		}
	}
	return fmt.Sprintf("tokenguard: invalid %s (%s): %s", r.Direction, r.Result.Operation, strings.Join(codes, ", "))
}

// Transport is an http.RoundTripper that checks each request before it is
// sent and each answer after, the way a Go API client adopts tokenguard:
//
//	client := &http.Client{Transport: &tokenguard.Transport{Catalog: catalog, BasePath: "/client/v4"}}
type Transport struct {
	Base     http.RoundTripper // nil: http.DefaultTransport
	Catalog  *Catalog
	Mode     Mode
	BasePath string                                 // an API's prefix before the catalog's paths, e.g. "/client/v4"
	Log      func(direction string, result *Result) // Log mode's reports (nil: none)
	Options  Options                                // for every check (the zero value: the defaults)
}

func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	body, err := takeBody(&req.Body)
	if err != nil {
		return nil, err
	}
	path := strings.TrimPrefix(req.URL.RequestURI(), t.BasePath)
	checked, err := t.Catalog.CheckRequestBytes(req.Method, path, req.Header, body, t.Options)
	if err != nil {
		return nil, err
	}
	if !checked.Valid {
		if t.Mode == Enforce {
			return nil, &Rejected{"request", checked}
		}
		t.report("request", checked)
	}
	resp, err := base.RoundTrip(req)
	if err != nil || checked.Operation == "" {
		return resp, err
	}
	answer, err := t.Catalog.CheckResponse(checked.Operation, resp, t.Options)
	if err != nil {
		return resp, err
	}
	if !answer.Valid {
		if t.Mode == Enforce {
			resp.Body.Close()
			return nil, &Rejected{"response", answer}
		}
		t.report("response", answer)
	}
	return resp, nil
}

func (t *Transport) report(direction string, r *Result) {
	if t.Log != nil {
		t.Log(direction, r)
	}
}
