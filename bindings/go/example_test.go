package tokenguard_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	tokenguard "tokenguard/bindings/go"
)

// A Go API client adopts tokenguard by its transport: every request is
// checked before it is sent, every answer after.
func ExampleTransport() {
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"success":true,"errors":[],"messages":[],"result":{"id":"ed17574386854bf78a67040be0a770b0","status":"active"}}`)
	}))
	defer upstream.Close()

	catalog, err := tokenguard.Embedded()
	if err != nil {
		panic(err)
	}
	defer catalog.Close()
	client := &http.Client{Transport: &tokenguard.Transport{Catalog: catalog, BasePath: "/client/v4"}}

	req, _ := http.NewRequest("PUT", upstream.URL+"/client/v4/user/tokens/ed17574386854bf78a67040be0a770b0",
		strings.NewReader(`{"name": 7, "policies": []}`))
	req.Header.Set("Authorization", "Bearer "+"example-token")
	req.Header.Set("Content-Type", "application/json")
	_, err = client.Do(req)
	var rejected *tokenguard.Rejected
	if errors.As(err, &rejected) { // never sent
		fmt.Println(rejected.Direction, rejected.Result.Findings[0].Code, rejected.Result.Findings[0].Pointer)
	}
	// Output: request TG_TYPE /name
}
