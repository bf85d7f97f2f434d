-- tokenguard for nginx (Debian's nginx + libnginx-mod-http-lua, LuaJIT).
--
-- In nginx.conf (see nginx.conf.example beside this file):
--
--   lua_package_path "/usr/local/share/tokenguard/nginx/?.lua;;";
--   init_by_lua_block {
--     require("tokenguard.nginx").init{ library = "/usr/local/lib/libtokenguard.so" }
--   }
--   location /client/v4/ {
--     content_by_lua_block {
--       require("tokenguard.nginx").proxy{
--         upstream = "/_tokenguard/cloudflare",  -- an internal location that proxy_passes
--         strip_prefix = "/client/v4",           -- the API's base path, not in the catalog
--       }
--     }
--   }
--
-- For each request, proxy():
--   1. checks the request (method, path and query, headers, body) against the
--      embedded catalog; a request that fails is answered 400 with a
--      Cloudflare-style error envelope and never reaches the upstream (404 or
--      405 when no operation matches, unless unmatched = "pass"). In enforce
--      mode a body sent to an operation that takes none is refused too (the
--      upstream would get bytes nothing checked), and so is a path that nginx
--      or the upstream would normalise into another (TG_PATH_SEGMENT: "//",
--      dot segments, encoded slashes), even with unmatched = "pass", and one
--      that does not start with strip_prefix byte for byte;
--   2. passes a valid request unchanged to the upstream through a subrequest
--      to the internal location (which should proxy_pass to ...$request_uri,
--      so the upstream sees the original URI byte for byte: the path checked
--      is the path sent), asking for an unencoded answer (Accept-Encoding is
--      not passed on);
--   3. checks the upstream's response; one that fails is replaced by 502
--      with an envelope and its findings are logged at warn level (never its
--      body, unless log_bodies is set); a valid response, or one with a
--      status that carries no body (1xx, 204, 205, 304), is passed through
--      unchanged. An answer with a Content-Encoding tokenguard cannot read is
--      replaced by 502 too.
--
-- Options (proxy's table; mode also from the nginx variable
-- $tokenguard_mode when the table has none):
--   mode          "enforce" (default) or "log": log findings, reject nothing
--   unmatched     "reject" (default) or "pass": requests no operation matches
--   strip_prefix  removed from the path before the check (not from the URI
--                 sent upstream)
--   strict        false (default): a request member the schema does not
--                 declare is a warning where the upstream ignores such
--                 members (SoftwareOne); true: an error (400)
--   log_bodies    false (default): log findings only. true: also log a
--                 replaced response's body, redacted by an allow-list (every
--                 string not under a harmless key such as id, name, status or
--                 a date is replaced; every value, for the operations that
--                 return secrets)
--   log_bytes     most bytes of a redacted response body logged (4096)
--
-- Logs never contain a header value or a secret: findings' messages are
-- secret-free by tokenguard's rule, and bodies are logged only on request
-- and only through the allow-list redactor. One catalog per nginx master,
-- shared by its workers (read-only after init).

local ffi = require("ffi")

ffi.cdef [[
typedef struct tg_catalog tg_catalog;
typedef struct tg_result tg_result;
typedef struct tg_header {
  const char* name; size_t name_len; const char* value; size_t value_len;
} tg_header;
typedef struct tg_finding {
  int severity; const char* location; const char* pointer; const char* keyword;
  const char* code; const char* message;
} tg_finding;
const char* tg_version(void);
const char* tg_status_string(int status);
int tg_catalog_embedded(tg_catalog** out);
int tg_catalog_from_openapi(const char* json, size_t json_len, tg_catalog** out, char* error, size_t error_size);
typedef int (*tg_resolver)(void* user_data, const char* uri, size_t uri_len, const char** text, size_t* text_len);
typedef struct tg_openapi_options {
  size_t size; const char* base_uri; size_t base_uri_len; tg_resolver resolver; void* resolver_data; unsigned flags;
} tg_openapi_options;
int tg_catalog_from_openapi_file(const char* path, size_t path_len, const tg_openapi_options* options,
                                 tg_catalog** out, char* error, size_t error_size);
size_t tg_catalog_diagnostic_count(const tg_catalog* catalog);
const char* tg_catalog_diagnostic_location(const tg_catalog* catalog, size_t i);
const char* tg_catalog_diagnostic_message(const tg_catalog* catalog, size_t i);
void tg_catalog_free(tg_catalog* catalog);
int tg_check_request(const tg_catalog* catalog, const char* operation_id, size_t operation_id_len,
                     const char* method, size_t method_len, const char* path, size_t path_len,
                     const tg_header* headers, size_t header_count, int headers_given,
                     const char* body, size_t body_len, tg_result** out);
int tg_check_response(const tg_catalog* catalog, const char* operation_id, size_t operation_id_len,
                      const char* method, size_t method_len, const char* path, size_t path_len,
                      int status, const char* body, size_t body_len, tg_result** out);
typedef struct tg_request {
  const char* operation_id; size_t operation_id_len; const char* method; size_t method_len;
  const char* path; size_t path_len; const tg_header* headers; size_t header_count; int headers_given;
  const char* body; size_t body_len;
} tg_request;
typedef struct tg_options { size_t size; unsigned flags; size_t max_body_bytes; size_t max_findings; } tg_options;
int tg_check_request_ex(const tg_catalog* catalog, const tg_request* request, const tg_options* options, tg_result** out);
tg_result* tg_result_new(void);
int tg_check_request_into(const tg_catalog* catalog, const tg_request* request, const tg_options* options,
                          tg_result* result);
int tg_check_response_into(const tg_catalog* catalog, const tg_request* request, int status, const char* body,
                           size_t body_len, const tg_options* options, tg_result* result);
int tg_result_valid(const tg_result* result);
const char* tg_result_operation(const tg_result* result);
size_t tg_result_finding_count(const tg_result* result);
int tg_result_finding(const tg_result* result, size_t i, tg_finding* out);
int tg_result_envelope(const tg_result* result, char* buffer, size_t buffer_size, size_t* needed);
void tg_result_free(tg_result* result);
int tg_redact_json(const char* json, size_t json_len, char* buffer, size_t buffer_size, size_t* needed);
int tg_redact_json_mode(const char* json, size_t json_len, int mode, char* buffer, size_t buffer_size,
                        size_t* needed);
int tg_catalog_operation_returns_secrets(const tg_catalog* catalog, const char* operation_id, size_t operation_id_len);
]]

local TG_OK, TG_INVALID, TG_ERR_BUFFER_TOO_SMALL = 0, 1, 5
local TG_REDACT_STRINGS, TG_REDACT_ALL = 1, 2
local TG_OPENAPI_EAGER = 1

local M = {}
local lib, catalog

-- nginx's method constants for subrequests.
local METHODS = {
  GET = ngx.HTTP_GET, HEAD = ngx.HTTP_HEAD, POST = ngx.HTTP_POST, PUT = ngx.HTTP_PUT,
  DELETE = ngx.HTTP_DELETE, PATCH = ngx.HTTP_PATCH, OPTIONS = ngx.HTTP_OPTIONS,
}

-- Response headers that belong to one hop and are not copied.
local HOP_BY_HOP = {
  ["connection"] = true, ["keep-alive"] = true, ["transfer-encoding"] = true, ["te"] = true,
  ["trailer"] = true, ["upgrade"] = true, ["content-length"] = true,
  ["proxy-authenticate"] = true,
}

-- Loads the library and the catalog; call from init_by_lua (errors stop
-- nginx from starting, so `nginx -t` reports a bad setup).
-- opts.library: path of libtokenguard.so (default: found by the loader)
-- opts.openapi: path of an OpenAPI 3.0 or 3.1 document (JSON or YAML, its
--               relative $refs read from the files beside it) to use
--               instead of the embedded catalog; every schema is compiled
--               here, so a worker never pays for it, and what the document
--               asks that is not checked is logged once, as warnings
function M.init(opts)
  opts = opts or {}
  lib = ffi.load(opts.library or "tokenguard")
  local out = ffi.new("tg_catalog*[1]")
  local status
  if opts.openapi then
    local o = ffi.new("tg_openapi_options")
    o.size = ffi.sizeof("tg_openapi_options")
    o.flags = TG_OPENAPI_EAGER
    local err = ffi.new("char[1024]")
    status = lib.tg_catalog_from_openapi_file(opts.openapi, #opts.openapi, o, out, err, 1024)
    if status ~= TG_OK then
      error("tokenguard: " .. opts.openapi .. ": " .. ffi.string(err))
    end
    for i = 0, tonumber(lib.tg_catalog_diagnostic_count(out[0])) - 1 do
      ngx.log(ngx.WARN, "tokenguard: ", ffi.string(lib.tg_catalog_diagnostic_location(out[0], i)), ": ",
              ffi.string(lib.tg_catalog_diagnostic_message(out[0], i)))
    end
  else
    status = lib.tg_catalog_embedded(out)
    if status ~= TG_OK then
      error("tokenguard: embedded catalog: " .. ffi.string(lib.tg_status_string(status)))
    end
  end
  catalog = ffi.gc(out[0], lib.tg_catalog_free)
  return ffi.string(lib.tg_version())
end

-- This worker's two result handles (request, response), its tg_request and
-- its tg_options, made on first use and filled again by every check, so a
-- valid check allocates nothing in the library. One handler's checks never
-- overlap another's: a check and every read of its result happen before the
-- handler next yields (the subrequest, or the reply), and each field of
-- the request struct is set before the call that reads it.
local worker
local function worker_state()
  if worker == nil then
    local request, response = lib.tg_result_new(), lib.tg_result_new()
    if request == nil or response == nil then return nil end
    local options = ffi.new("tg_options")
    options.size = ffi.sizeof("tg_options")
    worker = {
      request = ffi.gc(request, lib.tg_result_free),
      response = ffi.gc(response, lib.tg_result_free),
      req = ffi.new("tg_request"),
      options = options,
      headers = ffi.new("tg_header[?]", 32), header_room = 32,  -- (request_headers)
      keep = {}, kept = 0,
    }
  end
  return worker
end

-- Fills a caller-owned buffer through fn(buf, size, needed), growing it once.
local function read_buffer(fn)
  local needed = ffi.new("size_t[1]")
  local size = 4096
  local buf = ffi.new("char[?]", size)
  local s = fn(buf, size, needed)
  if s == TG_ERR_BUFFER_TOO_SMALL then
    size = tonumber(needed[0]) + 1
    buf = ffi.new("char[?]", size)
    s = fn(buf, size, needed)
  end
  if s ~= TG_OK then return nil, s end
  return ffi.string(buf, needed[0])
end

local function envelope(result)
  return read_buffer(function(buf, size, needed) return lib.tg_result_envelope(result, buf, size, needed) end)
end

-- One tg_finding that summary, first_code and has_code read findings
-- into: each reads and copies out what it needs before returning, and none
-- yields, so no request's handler ever sees another's (and a valid
-- request, which asks has_code, makes none).
local finding_scratch = ffi.new("tg_finding")

-- "TG_FORMAT body/result/created_at; TG_REQUIRED body/result" for logs.
local function summary(result)
  local parts = {}
  local f = finding_scratch
  for i = 0, tonumber(lib.tg_result_finding_count(result)) - 1 do
    if lib.tg_result_finding(result, i, f) == TG_OK then
      parts[#parts + 1] = ffi.string(f.code) .. " " .. ffi.string(f.location) .. ffi.string(f.pointer)
        .. " (" .. ffi.string(f.message) .. ")"
    end
  end
  return table.concat(parts, "; ")
end

-- The first finding's code, to pick the status of a rejection.
local function first_code(result)
  local f = finding_scratch
  if lib.tg_result_finding_count(result) > 0 and lib.tg_result_finding(result, 0, f) == TG_OK then
    return ffi.string(f.code)
  end
  return ""
end

-- Whether any finding of the result has this code.
local function has_code(result, code)
  local f = finding_scratch
  for i = 0, tonumber(lib.tg_result_finding_count(result)) - 1 do
    if lib.tg_result_finding(result, i, f) == TG_OK and ffi.string(f.code) == code then return true end
  end
  return false
end

local function reply(status, body)
  ngx.status = status
  ngx.header["Content-Type"] = "application/json"
  ngx.header["Content-Length"] = #body
  ngx.print(body)
end

-- An envelope for failures of tokenguard itself (never expected).
local function internal_envelope(what, status)
  return '{"success":false,"errors":[{"code":7999,"message":"tokenguard could not check the '
    .. what .. ' (' .. ffi.string(lib.tg_status_string(status)) .. ')"}],"messages":[],"result":null}'
end

-- An envelope for a refusal the gateway itself decides (a fixed message:
-- nothing from the request is echoed).
local function gateway_envelope(number, code, location, message)
  return '{"success":false,"errors":[{"code":' .. number .. ',"message":"' .. location .. ': ' .. message
    .. '","source":{"pointer":""},"tokenguard":{"code":"' .. code .. '","keyword":"gateway","location":"'
    .. location .. '"}}],"messages":[],"result":null}'
end

-- Statuses that carry no body by HTTP's rules.
local function bodiless(status)
  return status < 200 or status == 204 or status == 205 or status == 304
end

local function request_body()
  ngx.req.read_body()
  local body = ngx.req.get_body_data()
  if body == nil then
    local file = ngx.req.get_body_file()
    if file ~= nil then
      local f = io.open(file, "rb")
      if f ~= nil then
        body = f:read("*a")
        f:close()
      end
    end
  end
  return body
end

-- The request's headers as a tg_header array, in the worker's own array
-- and table `w.keep` (which holds the Lua strings alive for the call), both
-- grown when a request has more headers than any before, so neither is made
-- again per request. Like the request struct, they are read only by the
-- request check, before the handler yields; release_request then drops
-- them, so no header (an Authorization value among them) stays referenced
-- from the worker after its check.
local function request_headers(w)
  local keep, n = w.keep, 0
  local raw = ngx.req.get_headers(0, true)
  for name, value in pairs(raw) do
    if type(value) == "table" then
      for _, v in ipairs(value) do keep[2 * n + 1], keep[2 * n + 2] = name, v; n = n + 1 end
    else
      keep[2 * n + 1], keep[2 * n + 2] = name, value; n = n + 1
    end
  end
  for i = 2 * n + 1, w.kept do keep[i] = nil end  -- (only if a release was missed)
  w.kept = 2 * n
  if n > w.header_room then
    w.headers, w.header_room = ffi.new("tg_header[?]", n), n
  end
  local headers = w.headers
  for i = 0, n - 1 do
    local name, value = keep[2 * i + 1], keep[2 * i + 2]
    headers[i].name, headers[i].name_len = name, #name
    headers[i].value, headers[i].value_len = value, #value
  end
  return headers, n
end

-- Drops what request_headers and the request struct point at, once a
-- check has read it: the header strings, and the pointers to them, to the
-- path (its query may carry a credential) and to the body.
local function release_request(w)
  local keep, headers = w.keep, w.headers
  for i = 1, w.kept do keep[i] = nil end
  for i = 0, w.kept / 2 - 1 do
    headers[i].name, headers[i].name_len, headers[i].value, headers[i].value_len = nil, 0, nil, 0
  end
  w.kept = 0
  local req = w.req
  req.operation_id, req.method, req.path, req.headers, req.body = nil, nil, nil, nil, nil
  req.operation_id_len, req.method_len, req.path_len, req.header_count, req.body_len = 0, 0, 0, 0, 0
end

-- A response body for the log (log_bodies only): every string not under a
-- harmless key replaced, or every value for an operation that returns secrets.
local function log_redacted_body(operation, body, limit)
  if body == nil or #body == 0 then return "(empty body)" end
  local mode = lib.tg_catalog_operation_returns_secrets(catalog, operation, #operation) == 0 and TG_REDACT_STRINGS
    or TG_REDACT_ALL
  local safe = read_buffer(function(buf, size, needed)
    return lib.tg_redact_json_mode(body, #body, mode, buf, size, needed)
  end)
  if safe == nil then return "(" .. #body .. " bytes, not JSON: not logged)" end
  if #safe > limit then safe = safe:sub(1, limit) .. "...(truncated)" end
  return safe
end

-- How many of the last request's strings (its headers; one more for any
-- pointer left in the request struct) this worker still holds: 0 once its
-- checks have run, nil before its first request. For tests.
function M.retained_request_strings()
  if worker == nil then return nil end
  local held = worker.kept
  local req = worker.req
  if req.headers ~= nil or req.body ~= nil or req.path ~= nil or req.operation_id ~= nil then held = held + 1 end
  return held
end

function M.proxy(opts)
  if catalog == nil then
    ngx.log(ngx.ERR, "tokenguard: init() was not called (init_by_lua_block)")
    return reply(500, internal_envelope("request", 7))
  end
  local mode = opts.mode or ngx.var.tokenguard_mode or "enforce"
  local enforce = mode ~= "log"
  local method = ngx.req.get_method()
  local uri = ngx.var.request_uri
  local path = uri
  local prefix = opts.strip_prefix
  if prefix then
    -- nginx picked this location by the decoded, normalised path; the
    -- raw one must start with the prefix as written ("/client/%764/..." or
    -- "/client/v4/../" would otherwise be checked as another path than the
    -- upstream serves).
    if path:sub(1, #prefix + 1) ~= prefix .. "/" then
      ngx.log(ngx.WARN, "tokenguard: request ", method, " refused: the path does not start with ", prefix, "/ as written")
      if enforce then
        return reply(400, gateway_envelope(7206, "TG_PATH_SEGMENT", "path",
                                           "the path must start with " .. prefix .. "/ as written, without escapes or dot segments"))
      end
    else
      path = path:sub(#prefix + 1)
    end
  end
  local body = request_body()

  local w = worker_state()
  if w == nil then
    ngx.log(ngx.ERR, "tokenguard: out of memory for result handles")
    return reply(500, internal_envelope("request", 6))
  end
  local headers, header_count = request_headers(w)
  local req, options, request = w.req, w.options, w.request
  req.operation_id, req.operation_id_len = nil, 0
  req.method, req.method_len = method, #method
  req.path, req.path_len = path, #path
  req.headers, req.header_count, req.headers_given = headers, header_count, 1
  req.body, req.body_len = body, body and #body or 0
  options.flags = opts.strict and 1 or 0
  local s = lib.tg_check_request_into(catalog, req, options, request)
  release_request(w)
  local operation = ffi.string(lib.tg_result_operation(request))
  local check_response = true
  if s == TG_OK and enforce and has_code(request, "TG_UNEXPECTED_BODY") then
    -- The library warns; the gateway must not forward bytes nothing checked.
    ngx.log(ngx.WARN, "tokenguard: request ", method, " ", operation, " rejected: a body to an operation that takes none")
    return reply(400, envelope(request))
  end
  if s == TG_INVALID then
    local code = first_code(request)
    -- (a path that would be normalised reports TG_PATH_SEGMENT first, so it
    -- is never passed unchecked)
    local unmatched = code == "TG_NO_ROUTE" or code == "TG_METHOD_NOT_ALLOWED"
    if unmatched and opts.unmatched == "pass" then
      check_response = false
    else
      -- (the path without its query, which may carry a credential)
      ngx.log(ngx.WARN, "tokenguard: request ", method, " ", operation ~= "" and operation or path:gsub("%?.*", ""),
              enforce and " rejected: " or " invalid (log mode): ", summary(request))
      if enforce then
        local status = code == "TG_NO_ROUTE" and 404 or code == "TG_METHOD_NOT_ALLOWED" and 405 or 400
        return reply(status, envelope(request))
      end
    end
  elseif s ~= TG_OK then
    ngx.log(ngx.ERR, "tokenguard: request check failed: ", ffi.string(lib.tg_status_string(s)))
    if enforce then return reply(500, internal_envelope("request", s)) end
    check_response = false
  end

  -- The subrequest carries the client's headers; ask the upstream for an
  -- answer tokenguard can read (a gzip body is bytes to the check).
  ngx.req.clear_header("Accept-Encoding")
  local res = ngx.location.capture(opts.upstream .. ngx.var.uri, {
    method = METHODS[method] or ngx.HTTP_GET, body = body, args = ngx.var.args,
  })

  if check_response and operation ~= "" then
    local rbody = res.body or ""
    local encoding = res.header["Content-Encoding"]
    if type(encoding) == "table" then encoding = table.concat(encoding, ",") end
    if encoding ~= nil and encoding:lower() ~= "identity" and not (bodiless(res.status) and #rbody == 0) then
      ngx.log(ngx.WARN, "tokenguard: response ", res.status, " to ", operation,
              enforce and " replaced by 502" or " not checked (log mode)", ": Content-Encoding is not identity")
      if enforce then
        return reply(502, gateway_envelope(7304, "TG_CONTENT_ENCODING", "body",
                                           "the upstream answered with a Content-Encoding tokenguard cannot check"))
      end
      check_response = false
    end
  end

  if check_response and operation ~= "" then
    local rbody = res.body or ""
    -- (the struct and the handles again: other requests used them while
    -- this one waited for the upstream)
    local req, options, response = w.req, w.options, w.response
    req.operation_id, req.operation_id_len = operation, #operation
    req.method, req.method_len = method, #method
    req.path, req.path_len = path, #path
    req.headers, req.header_count, req.headers_given = nil, 0, 0
    req.body, req.body_len = nil, 0
    options.flags = 0
    local rs = lib.tg_check_response_into(catalog, req, res.status, rbody, #rbody, options, response)
    release_request(w)
    if rs == TG_INVALID or res.truncated then
      ngx.log(ngx.WARN, "tokenguard: response ", res.status, " to ", operation,
              enforce and " replaced by 502: " or " invalid (log mode): ",
              res.truncated and "truncated by the upstream; " or "", summary(response),
              opts.log_bodies and ("; original body: " .. log_redacted_body(operation, rbody, opts.log_bytes or 4096))
                or "")
      if enforce then
        local checked = rs == TG_OK or rs == TG_INVALID
        return reply(502, checked and envelope(response) or internal_envelope("response", rs))
      end
    elseif rs ~= TG_OK then
      ngx.log(ngx.ERR, "tokenguard: response check failed: ", ffi.string(lib.tg_status_string(rs)))
      if enforce then return reply(502, internal_envelope("response", rs)) end
    end
  end

  ngx.status = res.status
  for name, value in pairs(res.header) do
    if not HOP_BY_HOP[name:lower()] then ngx.header[name] = value end
  end
  -- The body is whole: a Content-Length spares the client chunked decoding.
  local length = res.body and #res.body or 0
  if res.status ~= 204 and res.status ~= 304 then ngx.header["Content-Length"] = length end
  if length > 0 then ngx.print(res.body) end
end

return M
