package tokenguard

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
)

const tokenPath = "/user/tokens/ed17574386854bf78a67040be0a770b0"

var good = `{"name":"ci","policies":[]}`

func embedded(t testing.TB) *Catalog {
	t.Helper()
	c, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func TestOperations(t *testing.T) {
	ops := embedded(t).Operations()
	if len(ops) != 35 {
		t.Fatalf("%d operations", len(ops))
	}
	found := false
	for _, o := range ops {
		found = found || o == Operation{"cloudflare.user.tokens.update", "PUT", "/user/tokens/{token_id}"}
	}
	if !found {
		t.Fatal("cloudflare.user.tokens.update missing")
	}
}

func TestCheckRequestReadsAndRestoresTheBody(t *testing.T) {
	c := embedded(t)
	req, _ := http.NewRequest("PUT", "https://api.cloudflare.com"+tokenPath, strings.NewReader(`{"name":7,"policies":[]}`))
	req.Header.Set("Authorization", "Bearer abc")
	req.Header.Set("Content-Type", "application/json")
	res, err := c.CheckRequest(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Valid || res.Operation != "cloudflare.user.tokens.update" || res.Findings[0].Code != "TG_TYPE" ||
		res.Findings[0].Pointer != "/name" {
		t.Fatalf("%+v", res)
	}
	if !strings.Contains(string(res.Envelope()), `"code":7001`) {
		t.Fatalf("envelope %s", res.Envelope())
	}
	rest, _ := io.ReadAll(req.Body)
	if string(rest) != `{"name":7,"policies":[]}` {
		t.Fatalf("body not restored: %q", rest)
	}
}

func TestValidRequestAndHeadersNotGiven(t *testing.T) {
	c := embedded(t)
	h := http.Header{"Authorization": {"Bearer abc"}, "Content-Type": {"application/json"}}
	if res, err := c.CheckRequestBytes("PUT", tokenPath, h, []byte(good)); err != nil || !res.Valid {
		t.Fatalf("%v %+v", err, res)
	}
	if res, _ := c.CheckRequestBytes("GET", "/user/tokens/verify", nil, nil); !res.Valid {
		t.Fatalf("headers not given: credentials are not checked, %+v", res)
	}
	if res, _ := c.CheckRequestBytes("GET", "/user/tokens/verify", http.Header{}, nil); res.Valid || res.Findings[0].Code != "TG_AUTH_MISSING" {
		t.Fatalf("no headers: %+v", res)
	}
}

func TestCheckResponse(t *testing.T) {
	c := embedded(t)
	resp := &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("not json"))}
	res, err := c.CheckResponse("cloudflare.user.tokens.verify", resp)
	if err != nil || res.Valid || res.Findings[0].Code != "TG_JSON_SYNTAX" {
		t.Fatalf("%v %+v", err, res)
	}
	if _, err := c.CheckResponseBytes("no.such.operation", 200, []byte("{}")); !errors.Is(err, ErrUnknownOperation) {
		t.Fatalf("want ErrUnknownOperation, got %v", err)
	}
}

func example(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../../schemas/examples/catalog/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func codes(res *Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.Code)
	}
	return out
}

func TestOptionStrict(t *testing.T) {
	c := embedded(t)
	body := example(t, "softwareone.accounts.api_tokens.create/request.strict.TG_ADDITIONAL_PROPERTY.unknown-field.json")
	op := "softwareone.accounts.api_tokens.create"
	if res, err := c.CheckOperationRequest(op, nil, body); err != nil || !res.Valid || len(res.Findings) != 1 {
		t.Fatalf("lenient: %v %+v", err, res)
	}
	if res, err := c.CheckOperationRequest(op, nil, body, Options{Strict: true}); err != nil || res.Valid ||
		res.Findings[0].Code != "TG_ADDITIONAL_PROPERTY" {
		t.Fatalf("strict: %v %+v", err, res)
	}
}

func TestOptionNoSemanticChecks(t *testing.T) {
	c := embedded(t)
	body := example(t, "cloudflare.user.tokens.update/request.valid.json")
	op := "cloudflare.user.tokens.update"
	if res, _ := c.CheckOperationRequest(op, nil, body); strings.Join(codes(res), ",") != "TG_CIDR_EXCLUDED,TG_CIDR_EXCLUDED" {
		t.Fatalf("with the semantic checks: %v", codes(res))
	}
	if res, err := c.CheckOperationRequest(op, nil, body, Options{NoSemanticChecks: true}); err != nil || !res.Valid ||
		len(res.Findings) != 0 {
		t.Fatalf("schema alone: %v %+v", err, res)
	}
}

func TestOptionsFailFastMaxFindingsAndMaxBodyBytes(t *testing.T) {
	c := embedded(t)
	body := []byte(`{"name":7,"policies":8,"expires_on":"tomorrow"}`)
	op := "cloudflare.user.tokens.create"
	if res, _ := c.CheckOperationRequest(op, nil, body); len(res.Findings) < 3 {
		t.Fatalf("all: %v", codes(res))
	}
	if res, _ := c.CheckOperationRequest(op, nil, body, Options{FailFast: true}); len(res.Findings) != 1 {
		t.Fatalf("fail fast: %v", codes(res))
	}
	if res, _ := c.CheckOperationRequest(op, nil, body, Options{MaxFindings: 2}); len(res.Findings) > 2 {
		t.Fatalf("max findings: %v", codes(res))
	}
	res, err := c.CheckResponseBytes("cloudflare.user.tokens.verify", 200, []byte(`{"success":true}`), Options{MaxBodyBytes: 4})
	if err != nil || res.Valid || res.Findings[0].Code != "TG_BODY_TOO_LARGE" {
		t.Fatalf("max body bytes: %v %+v", err, res)
	}
	if _, err := c.CheckOperationRequest(op, nil, body, Options{MaxFindings: -1}); err == nil {
		t.Fatal("a negative MaxFindings is an error")
	}
	if _, err := c.CheckOperationRequest(op, nil, body, Options{}, Options{}); err == nil {
		t.Fatal("two Options are an error")
	}
}

func TestOwnOpenAPIDocument(t *testing.T) {
	c, err := FromOpenAPIFile("../../tests/data/openapi/vault/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if len(c.Operations()) < 3 {
		t.Fatal(c.Operations())
	}
	if _, err := FromOpenAPIFile("/nonexistent.yaml"); err == nil {
		t.Fatal("a missing document loaded")
	}
}

func TestClosedCatalog(t *testing.T) {
	c, _ := Embedded()
	c.Close()
	c.Close() // twice is fine
	if _, err := c.CheckRequestBytes("GET", "/user/tokens", nil, nil); err == nil {
		t.Fatal("a closed catalog checked")
	}
}

func TestNoSecretInFindingsOrErrors(t *testing.T) {
	c := embedded(t)
	const secret = "cs-SECRET-9f8e7d6c5b4a"
	res, _ := c.CheckResponseBytes("cloudflare.access.service_tokens.rotate", 200,
		[]byte(`{"success":true,"errors":[],"messages":[],"result":{"client_secret":"`+secret+`","client_id":7}}`))
	if res.Valid {
		t.Fatal("want invalid")
	}
	all := string(res.Envelope())
	for _, f := range res.Findings {
		all += f.Message + f.Pointer
	}
	res2, _ := c.CheckRequestBytes("GET", "/user/tokens/verify", http.Header{"Authorization": {"Basic " + secret}}, nil)
	for _, f := range res2.Findings {
		all += f.Message
	}
	_, err := c.CheckResponseBytes("no."+secret, 200, nil)
	all += err.Error() + (&Rejected{"request", res2}).Error()
	if strings.Contains(all, secret) {
		t.Fatal("a secret was echoed")
	}
}

func TestSameVerdictsAsTheToolOnTheExamples(t *testing.T) {
	c := embedded(t)
	dir := "../../schemas/examples/catalog"
	ops, _ := os.ReadDir(dir)
	n := 0
	for _, op := range ops {
		files, _ := os.ReadDir(dir + "/" + op.Name())
		for _, f := range files {
			name := f.Name()
			if !strings.HasPrefix(name, "request.") {
				continue
			}
			body, _ := os.ReadFile(dir + "/" + op.Name() + "/" + name)
			wantValid := !strings.Contains(name, ".invalid.") // strict examples are warnings by default
			got, err := c.CheckOperationRequest(op.Name(), nil, body)
			if err != nil {
				t.Fatalf("%s/%s: %v", op.Name(), name, err)
			}
			if got.Valid != wantValid {
				t.Errorf("%s/%s: valid=%v", op.Name(), name, got.Valid)
			}
			if !wantValid && strings.Contains(name, ".invalid.") {
				code := strings.Split(name, ".")[2]
				has := false
				for _, f := range got.Findings {
					has = has || f.Code == code
				}
				if !has {
					t.Errorf("%s/%s: no %s in %+v", op.Name(), name, code, got.Findings)
				}
			}
			n++
		}
	}
	if n < 30 {
		t.Fatalf("only %d request examples", n)
	}
}

func TestTransportEnforcesAndLogs(t *testing.T) {
	c := embedded(t)
	answer := `{"success":true,"errors":[],"messages":[],"result":{"id":"ed17574386854bf78a67040be0a770b0","name":"ci","status":"active","policies":[]}}`
	var sent int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sent++
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, answer)
	}))
	defer srv.Close()
	put := func(client *http.Client, body string) (*http.Response, error) {
		req, _ := http.NewRequest("PUT", srv.URL+"/client/v4"+tokenPath, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer abc")
		req.Header.Set("Content-Type", "application/json")
		return client.Do(req)
	}
	enforce := &http.Client{Transport: &Transport{Catalog: c, BasePath: "/client/v4"}}
	if resp, err := put(enforce, good); err != nil || resp.StatusCode != 200 {
		t.Fatalf("good exchange: %v", err)
	}
	var rejected *Rejected
	if _, err := put(enforce, `{"name":7,"policies":[]}`); !errors.As(err, &rejected) || rejected.Direction != "request" {
		t.Fatalf("bad request: %v", err)
	}
	if sent != 1 {
		t.Fatalf("the bad request was sent (%d)", sent)
	}
	answer = `{"success":true,"errors":[],"messages":[]}`
	if _, err := put(enforce, good); !errors.As(err, &rejected) || rejected.Direction != "response" {
		t.Fatalf("bad answer: %v", err)
	}
	var logged []string
	logOnly := &http.Client{Transport: &Transport{Catalog: c, BasePath: "/client/v4", Mode: Log,
		Log: func(d string, r *Result) { logged = append(logged, d+":"+r.Findings[0].Code) }}}
	if resp, err := put(logOnly, `{"name":7,"policies":[]}`); err != nil || resp.StatusCode != 200 {
		t.Fatalf("log mode: %v", err)
	}
	if strings.Join(logged, ",") != "request:TG_TYPE,response:TG_REQUIRED" {
		t.Fatalf("logged %v", logged)
	}
	// Transport.Options reach every check: a token window that is never
	// valid is the semantic checks' error, refused by default, sent without them
	answer = `{"success":true,"errors":[],"messages":[],"result":{"id":"ed17574386854bf78a67040be0a770b0","name":"ci","status":"active","policies":[]}}`
	window := `{"name":"ci","policies":[],"not_before":"2030-01-01T00:00:00Z","expires_on":"2020-01-01T00:00:00Z"}`
	if _, err := put(enforce, window); !errors.As(err, &rejected) || rejected.Direction != "request" {
		t.Fatalf("never-valid window: %v", err)
	}
	schemaOnly := &http.Client{Transport: &Transport{Catalog: c, BasePath: "/client/v4", Options: Options{NoSemanticChecks: true}}}
	if resp, err := put(schemaOnly, window); err != nil || resp.StatusCode != 200 {
		t.Fatalf("schema alone: %v", err)
	}
}

func TestOneCatalogManyGoroutines(t *testing.T) {
	c := embedded(t)
	h := http.Header{"Authorization": {"Bearer abc"}, "Content-Type": {"application/json"}}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				if res, _ := c.CheckRequestBytes("PUT", tokenPath, h, []byte(good)); !res.Valid {
					t.Error("valid request refused")
					return
				}
			}
		}()
	}
	wg.Wait()
}

// The cost of the cgo crossing: a whole check from Go, and the C API's
// cheapest call, for the per-check overhead over the C API.
func BenchmarkCheckRequest(b *testing.B) {
	c := embedded(b)
	h := http.Header{"Authorization": {"Bearer abc"}, "Content-Type": {"application/json"}}
	body := []byte(good)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if res, _ := c.CheckRequestBytes("PUT", tokenPath, h, body); !res.Valid {
			b.Fatal("invalid")
		}
	}
}

func BenchmarkCgoCrossing(b *testing.B) {
	for i := 0; i < b.N; i++ {
		versionLength()
	}
}
