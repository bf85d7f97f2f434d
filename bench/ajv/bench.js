// Ajv 8 + ajv-formats on the same schemas and payloads as
// bench/validate_bench.cc: validate only (an object already parsed), and from
// text (JSON.parse + validate, what a check from bytes does), for the ratios
// in the README. Usage: node bench/ajv/bench.js SOURCE_DIR [OUT.json] [--quick]
// (modules from NODE_PATH); OUT.json gets the medians for bench/ratios.py.
// --quick: JSON.parse + validate alone, in a second or two, for one of the
// rounds scripts/run.sh alternates with tokenguard's check.
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');
const addFormats = require('ajv-formats');

const quick = process.argv.includes('--quick');
const args = process.argv.slice(2).filter((a) => a !== '--quick');
const src = args[0] || '.';
const read = (p) => JSON.parse(fs.readFileSync(path.join(src, p), 'utf8'));

// tokenguard's own formats, as close as a regex gets (Ajv has no Go grammars).
const customFormats = {
  'cloudflare-identifier': /^[0-9a-fA-F]{32}$/,
  'go-duration-or-forever': /^(forever|[-+]?(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+))$/,
  'go-duration': /^[-+]?(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$/,
  'cidr': (s) => { const [a, b] = s.split('/'); return b !== undefined && /^\d{1,3}$/.test(b) && (/^[\d.]+$/.test(a) || a.includes(':')); },
};

const cases = [
  ['service-token update response', 'schemas/cloudflare-access-service-tokens.openapi.json',
   ['paths', '/accounts/{account_id}/access/service_tokens/{service_token_id}', 'put', 'responses', '200', 'content', 'application/json', 'schema'],
   'tests/data/service-token-update-response.seed.json'],
  ['user-token update request', 'schemas/cloudflare-user-tokens.openapi.json',
   ['paths', '/user/tokens/{token_id}', 'put', 'requestBody', 'content', 'application/json', 'schema'],
   'schemas/examples/catalog/cloudflare.user.tokens.update/request.valid.json'],
];

// Median ns per call of `fn` over `k` runs of `n` calls, after `warm` calls
// (V8 compiles a function hot enough: fewer leave it slower, and the ratio
// kinder to tokenguard than it is).
function median(fn, n, k = 9, warm = n) {
  for (let i = 0; i < warm; i++) fn();
  const runs = [];
  for (let r = 0; r < k; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    runs.push(Number(process.hrtime.bigint() - t0) / n);
  }
  runs.sort((a, b) => a - b);
  return runs[(k - 1) >> 1];
}

// OpenAPI's rule for readOnly and writeOnly, which Ajv does not know: a
// required property marked readOnly is not required in a request, nor one
// marked writeOnly in a response (tokenguard applies it by direction). Taken
// out of every `required` list of a copy of the document, so that Ajv
// validates the same payloads through to the end as tokenguard does.
function resolve(doc, s) {
  for (let hops = 0; s && typeof s.$ref === 'string' && s.$ref.startsWith('#/') && hops < 32; hops++) {
    s = s.$ref.slice(2).split('/').reduce((o, k) => (o || {})[k.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
  }
  return s || {};
}
function dropByDirection(doc, marker) {
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node.required) && node.properties && typeof node.properties === 'object') {
      node.required = node.required.filter((name) => resolve(doc, node.properties[name])[marker] !== true);
    }
    Object.values(node).forEach(walk);
  };
  walk(doc);
  return doc;
}
const out = {};
let sink = 0;
for (const [label, docPath, pointer, payloadPath] of cases) {
  const doc = dropByDirection(read(docPath), pointer.includes('requestBody') ? 'readOnly' : 'writeOnly');
  let schema = doc;
  for (const k of pointer) schema = schema[k];
  schema = Object.assign({}, schema, { components: doc.components });
  const ajv = new Ajv({ strict: false, allErrors: false });
  addFormats(ajv, { mode: 'full' });
  for (const [name, f] of Object.entries(customFormats)) ajv.addFormat(name, f);
  ajv.addKeyword('x-tokenguard-reason');
  const validate = ajv.compile(schema);
  const payload = read(payloadPath);
  if (!validate(payload)) {
    // (a baseline that stops at an error is not the one the goals name)
    console.error(label, 'does not validate under Ajv:', JSON.stringify(validate.errors).slice(0, 500));
    process.exitCode = 1;
  }
  const text = fs.readFileSync(path.join(src, payloadPath), 'utf8');
  if (quick) {
    out[label] = { from_text_ns: median(() => { sink += validate(JSON.parse(text)) ? 1 : 0; }, 20000, 5, 200000) };
    continue;
  }
  const validateOnly = median(() => { sink += validate(payload) ? 1 : 0; }, 200000);
  const fromText = median(() => { sink += validate(JSON.parse(text)) ? 1 : 0; }, 100000);
  console.log(`BM_Ajv/${label} median ${validateOnly.toFixed(1)} ns`);
  console.log(`BM_AjvFromText/${label} median ${fromText.toFixed(1)} ns`);
  out[label] = { validate_ns: validateOnly, from_text_ns: fromText };
}
if (args[1]) fs.writeFileSync(args[1], JSON.stringify(out, null, 1));
if (sink === -1) console.log(sink);
