"""tokenguard's own checks, applied to the assembled catalog documents.

Each change is a check the upstream text implies but does not declare as
JSON Schema; each carries its reason in x-tokenguard-reason, and the
README's catalog section lists them.
"""
import copy
import json
import os

REASON = "x-tokenguard-reason"

DURATION = ("The API is written in Go and documents this field as \"300ms or 2h45m, or forever\"; "
            "the value is checked with Go's time.ParseDuration grammar, plus the literal forever.")
CIDR = ("Described upstream as \"IPv4/IPv6 CIDR\" with no format; checked with the rules of Go's "
        "netip.ParsePrefix, which the Go-written API uses.")
UUID = "Service-token ids are UUIDs (upstream: \"UUID.\", maxLength 36)."
IDENT = "Cloudflare account, zone and token ids are 32 hex digits (upstream: \"Identifier\", maxLength 32)."
OLD_IP = ("The API spelled this key request.ip before it became request_ip (cloudflare-go commits "
          "2b5e19234, ef963f9c9); both spellings are accepted.")
SECURITY_CF = ("Upstream lists api_email, api_key and api_token in one requirement object; the API takes "
               "either an API token (Authorization: Bearer) or the email plus global key pair.")
SECURITY_CF_ZONE = "Upstream: the zone-scoped service-token operations take only the email plus global key pair."
RESULT_CF = ("Cloudflare's v4 envelope carries the outcome in result; upstream leaves it optional, but a "
             "success response without it gives the client nothing (no token, no id), so a 2xx response "
             "must have it.")
STATUS_REVOKED = ("Cloudflare reports a token it revoked after a leak as \"revoked (exposed)\" (the Terraform provider's "
                  "read path, a2efdc57, internal/services/api_token/resource.go:186 and account_token/resource.go:191, "
                  "and its tests of a GET returning it); the newest spec text (c92b9b0) still lists active, disabled, "
                  "expired. The observed API wins: a response may carry it.")
STATUS_SETTABLE = ("Only active and disabled can be set (expired and revoked (exposed) are states Cloudflare reaches "
                   "itself; cloudflare-python token_update_params lists the enum, the API refuses the rest).")
CATEGORY = ("The newest upstream text (c92b9b0, verbatim in the account-owned permission groups operation) declares "
            "category with 13 values; the user operation references the same component at c92b9b0, and the newer "
            "text wins over the SDK-based reconstruction.")
SERVICE_TOKEN_FIELDS = ("Service-token responses carry client_secret_version, previous_client_secret_expires_at, "
                        "expires_at and last_seen_at (cloudflare-go v0.116.0 response types and mock bodies, "
                        "access_service_tokens.go); declared with their types so a wrong type is an error. "
                        "client_secret_version is a whole number of at least 1 (it counts rotations).")
ENABLED = ("Service tokens can be turned off: create and update accept enabled, a boolean (cloudflare-typescript "
           "faaaf89e, src/resources/zero-trust/access/service-tokens.ts; the docs page on service tokens). Newer "
           "than the spec text at c92b9b0, which lacks it: the newest dated source wins.")
ROLL_EMPTY = ("cloudflare-go rolls a token with PUT .../value and no body at all (v0.116.0, api_token.go, "
              "RollAPIToken), and the live API accepts it: the body is optional.")
UNKNOWN_MEMBERS = ("SoftwareOne's ASP.NET services ignore members a request DTO does not declare: the vendor's own "
                   "client (mpt-api-python-client 59253bdb, tests/e2e/accounts/api_tokens/test_sync_api_tokens.py) "
                   "sends account in an update against the live platform and succeeds. An undeclared member in a "
                   "request is a warning, an error under the strict option.")
ERROR_SHAPE_CF = ("Every Cloudflare v4 error answer is this envelope (success false, errors with integer codes); an "
                  "answer with a status the operation does not declare is checked against it.")
ERROR_SHAPE_SWO = ("SoftwareOne's error answers are RFC 7807 problem details (ProblemDetails in the same OpenAPI "
                   "document, declared on the operations' 4xx answers); an answer with a status the operation does "
                   "not declare is checked against it.")
BODY_OBJECT = ("Upstream sends and takes a JSON object here but the schema states no type, so null, an array "
               "or a number would pass and skip every property check and required; the body must be an object.")
SECURITY_SWO = ("The SoftwareOne spec declares no security scheme; the platform takes an API token as "
                "Authorization: Bearer (developer documentation).")


def each_schema(node, fn, parent_key=None):
    """Calls fn(schema, property_name) for every schema object, where
    property_name is the key under "properties" that holds it (or None)."""
    if isinstance(node, dict):
        fn(node, parent_key)
        for k, v in node.items():
            if k == "properties" and isinstance(v, dict):
                for name, sub in v.items():
                    each_schema(sub, fn, name)
            elif k in ("example", "examples", "x-source"):
                continue
            else:
                each_schema(v, fn, None)
    elif isinstance(node, list):
        for v in node:
            each_schema(v, fn, None)


def add_reason(schema, reason):
    """Adds a reason to a schema that may already carry one."""
    old = schema.get(REASON)
    schema[REASON] = reason if not old or reason in old else old + " " + reason


def set_format(schema, fmt, reason):
    schema["format"] = fmt
    schema[REASON] = reason


def cloudflare(doc):
    def fix(schema, name):
        if name == "duration" and schema.get("type") == "string":
            set_format(schema, "go-duration-or-forever", DURATION)
        if name in ("request_ip", "request.ip") and isinstance(schema.get("properties"), dict):
            for key in ("in", "not_in"):
                items = schema["properties"].get(key, {}).get("items")
                if isinstance(items, dict):
                    set_format(items, "cidr", CIDR)
        if schema.get("type") == "string" and schema.get("maxLength") == 36 and "UUID" in str(schema.get("description", "")):
            set_format(schema, "uuid", UUID)
        if (schema.get("type") == "string" and schema.get("maxLength") == 32 and
                "dentifier" in str(schema.get("description", ""))):
            set_format(schema, "cloudflare-identifier", IDENT)
        props = schema.get("properties")
        if isinstance(props, dict) and "request_ip" in props and "request.ip" not in props:
            old = copy.deepcopy(props["request_ip"])
            old[REASON] = OLD_IP
            props["request.ip"] = old

    each_schema(doc["paths"], fix)
    for comp_name, comp in doc["components"]["schemas"].items():
        fix(comp, comp_name)  # a hoisted property keeps its property name
        each_schema(comp, fix)

    for item in doc["paths"].values():
        for op in item.values():
            for status, response in op.get("responses", {}).items():
                if not status.startswith("2"):
                    continue
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                if isinstance(schema, dict) and "$ref" in schema:
                    schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
                if isinstance(schema, dict) and "result" in json.dumps(schema):
                    schema["required"] = sorted(set(schema.get("required", [])) | {"result"})
                    add_reason(schema, RESULT_CF)

    doc["components"]["securitySchemes"] = {
        "api_token": {"type": "http", "scheme": "bearer"},
        "api_email": {"type": "apiKey", "in": "header", "name": "X-Auth-Email"},
        "api_key": {"type": "apiKey", "in": "header", "name": "X-Auth-Key"},
    }
    for path, item in doc["paths"].items():
        for op in item.values():
            sec = op.get("security")
            if not sec:
                continue
            names = set().union(*[set(s) for s in sec])
            if names == {"api_email", "api_key", "api_token"}:
                op["security"] = [{"api_token": []}, {"api_email": [], "api_key": []}]
                op[REASON] = SECURITY_CF
            elif names == {"api_email", "api_key"}:
                op["security"] = [{"api_email": [], "api_key": []}]
                op[REASON] = SECURITY_CF_ZONE
            for p in op.get("parameters", []):
                s = p.get("schema", {})
                if p["in"] == "path" and p["name"] in ("account_id", "zone_id", "token_id"):
                    set_format(s, "cloudflare-identifier", IDENT)
                    s.setdefault("maxLength", 32)
                if p["in"] == "path" and p["name"] == "service_token_id":
                    set_format(s, "uuid", UUID)
                    s.setdefault("maxLength", 36)


TOKEN_ID = ("SoftwareOne API token ids are TKN- followed by groups of four digits (developer documentation: "
            "\"Primary API token identifier. Example: TKN-1671-0642\"; the OpenAPI document's patterns give "
            "ACC-, UGR- and BUY- ids the same shape). The upstream path parameter is a free string, so an "
            "id like ..%2F..%2Fuser would otherwise reach a normalising upstream as another resource.")
TOKEN_ID_PATTERN = r"^TKN-\d{4}(-\d{4}){1,3}$"


def softwareone(doc):
    comps = doc["components"]["schemas"]
    doc["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
    for path, item in doc["paths"].items():
        for op in item.values():
            op["security"] = [{"bearer": []}]
            op[REASON] = SECURITY_SWO
            for p in op.get("parameters", []):
                if p["in"] == "path" and p["name"] == "id" and "/api-tokens/" in path:
                    s = p.setdefault("schema", {"type": "string"})
                    s["pattern"] = TOKEN_ID_PATTERN
                    s["maxLength"] = 24
                    s[REASON] = TOKEN_ID
    # ApiToken.status stays a plain string, as upstream declares it: the
    # documented values are Active, Disabled and Deleted, but the upstream
    # examples use placeholders ("text") that must keep validating.


# Readable names for the shapes assemble_catalog.py hoisted into components
# (it names them after where they first appeared).
RENAMES = {
    "cloudflare-access-service-tokens": {
        "200": "service_token_response", "200_2": "service_token_response_zone",
        "201": "service_token_with_secret_response", "200_3": "service_token_list_response",
        "result": "service_token", "result_2": "service_token_zone",
        "post": "service_token_create_request", "put": "service_token_update_request",
        "4XX": "failure_response", "201_2": "api_response_single", "200_3_2": "api_response_common",
    },
    "cloudflare-user-tokens": {
        "200": "token_response", "result": "token", "200_2": "token_list_response",
        "4XX": "failure_response", "200_3": "api_response_single", "200_4": "api_response_common",
    },
    "cloudflare-account-tokens": {
        "200": "token_response", "result": "token", "200_2": "api_response_collection",
        "4XX": "failure_response", "200_3": "api_response_single", "200_4": "api_response_common",
    },
}


def rename_components(family, doc):
    renames = RENAMES.get(family, {})
    comps = doc["components"]["schemas"]
    doc["components"]["schemas"] = {renames.get(k, k): v for k, v in comps.items()}

    def fix(node):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                name = ref[len("#/components/schemas/"):]
                node["$ref"] = "#/components/schemas/" + renames.get(name, name)
            for v in node.values():
                fix(v)
        elif isinstance(node, list):
            for v in node:
                fix(v)

    fix(doc)


def bodies_are_objects(doc):
    """Every request and response body schema states "type": "object" (on the
    component when the body is a $ref to one)."""
    comps = doc["components"]["schemas"]

    def root(schema):
        seen = set()
        while isinstance(schema, dict) and "$ref" in schema and schema["$ref"] not in seen:
            seen.add(schema["$ref"])
            schema = comps[schema["$ref"].rsplit("/", 1)[1]]
        return schema

    for item in doc["paths"].values():
        for op in item.values():
            media = [m for m in op.get("requestBody", {}).get("content", {}).values()]
            for response in op.get("responses", {}).values():
                media += list(response.get("content", {}).values())
            for m in media:
                schema = root(m.get("schema"))
                if isinstance(schema, dict) and "type" not in schema:
                    schema["type"] = "object"
                    add_reason(schema, BODY_OBJECT)


def resolve(doc, schema):
    """The schema a chain of same-document $refs ends at."""
    seen = set()
    while isinstance(schema, dict) and "$ref" in schema and schema["$ref"] not in seen:
        seen.add(schema["$ref"])
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def operations(doc):
    for item in doc["paths"].values():
        for op in item.values():
            yield op


def token_status(doc):
    """User and account-owned tokens: a response may report "revoked
    (exposed)"; a request may set only active or disabled."""
    def revoked(schema, name):
        if name == "status" and schema.get("enum") == ["active", "disabled", "expired"]:
            schema["enum"] = ["active", "disabled", "expired", "revoked (exposed)"]
            add_reason(schema, STATUS_REVOKED)

    each_schema(doc["paths"], revoked)
    for comp in doc["components"]["schemas"].values():
        each_schema(comp, revoked)
    for op in operations(doc):
        if not op["x-tokenguard-id"].endswith(".update"):
            continue
        body = op["requestBody"]["content"]["application/json"]["schema"]
        status = {"type": "string", "enum": ["active", "disabled"], REASON: STATUS_SETTABLE}
        props = body.setdefault("properties", {})
        if "status" in props and "$ref" not in props["status"]:
            props["status"]["enum"] = ["active", "disabled"]
            add_reason(props["status"], STATUS_SETTABLE)
        else:
            props["status"] = status


def find_property(node, name, want_enum=True):
    """The first schema under a property `name` (with an enum, if asked) anywhere in node."""
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict) and isinstance(props.get(name), dict) and (not want_enum or "enum" in props[name]):
            return props[name]
        for k, v in node.items():
            if k in ("example", "examples", "x-source"):
                continue
            found = find_property(v, name, want_enum)
            if found is not None:
                return found
    elif isinstance(node, list):
        for v in node:
            found = find_property(v, name, want_enum)
            if found is not None:
                return found
    return None


def permission_group_category(doc, upstream_dir):
    """The user permission groups take the category enum of the newest text."""
    path = os.path.join(upstream_dir, "cloudflare.account.tokens.permission_groups.list.json")
    category = find_property(json.load(open(path))["responses"], "category")
    if category is None:
        raise SystemExit(f"{path}: no category enum in the permission groups answer")
    for op in operations(doc):
        if not op["x-tokenguard-id"].endswith("permission_groups.list"):
            continue
        schema = resolve(doc, op["responses"]["200"]["content"]["application/json"]["schema"])
        item = find_property(schema, "result", want_enum=False)
        item = resolve(doc, item.get("items")) if isinstance(item, dict) else None
        if not isinstance(item, dict) or "properties" not in item:
            raise SystemExit("cloudflare user permission groups: no result item schema to add category to")
        if "category" not in item["properties"]:
            cat = copy.deepcopy(category)
            add_reason(cat, CATEGORY)
            item["properties"]["category"] = cat


DATE_TIME = {"type": "string", "format": "date-time"}


def service_token_fields(doc):
    comps = doc["components"]["schemas"]
    results = [comps[name] for name in ("service_token", "service_token_zone") if name in comps]
    secret = find_property(comps.get("service_token_with_secret_response", {}), "result", want_enum=False)
    if secret is not None:
        results.append(secret)
    for result in results:
        props = result["properties"]
        added = False
        for name, schema in (("client_secret_version", {"type": "integer", "minimum": 1}),
                             ("previous_client_secret_expires_at", DATE_TIME),
                             ("expires_at", DATE_TIME), ("last_seen_at", DATE_TIME)):
            if name not in props:
                props[name] = copy.deepcopy(schema)
                added = True
        if added:
            add_reason(result, SERVICE_TOKEN_FIELDS)
    for name in ("service_token_create_request", "service_token_update_request"):
        if name in comps:
            comps[name]["properties"]["enabled"] = {"type": "boolean", REASON: ENABLED}


def roll_body_optional(doc):
    for op in operations(doc):
        if op["x-tokenguard-id"].endswith(".roll") and "requestBody" in op:
            op["requestBody"]["required"] = False
            add_reason(op["requestBody"], ROLL_EMPTY)


def error_shape(doc, ref, reason):
    """The provider's error answer, for statuses an operation does not declare."""
    doc["x-tokenguard-error-response"] = {"schema": {"$ref": ref}, REASON: reason}


def apply(family, doc, upstream_dir):
    rename_components(family, doc)
    bodies_are_objects(doc)
    if family in ("cloudflare-user-tokens", "cloudflare-account-tokens"):
        token_status(doc)
        roll_body_optional(doc)
    if family == "cloudflare-user-tokens":
        permission_group_category(doc, upstream_dir)
    if family == "cloudflare-access-service-tokens":
        service_token_fields(doc)
    if family.startswith("cloudflare"):
        cloudflare(doc)
        error_shape(doc, "#/components/schemas/failure_response", ERROR_SHAPE_CF)
    else:
        softwareone(doc)
        error_shape(doc, "#/components/schemas/ProblemDetails", ERROR_SHAPE_SWO)
        doc["x-tokenguard-unknown-request-members"] = {"severity": "warning", REASON: UNKNOWN_MEMBERS}
