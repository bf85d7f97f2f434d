// Records tests/data/browser.har with a real browser: Debian's chromium,
// driven by playwright-core, calling the fake upstream (tests/gateway/
// upstream.py) from a page the way a web console calls the APIs. Run it
// through tests/har/record.sh, which installs what it needs and starts the
// upstream; the test suite only reads the committed HAR.
//
//   node record_har.js UPSTREAM_PORT OUT.har
'use strict';
const { chromium } = require('playwright-core');

const ACCOUNT = '023e105f4ecef8ad9ca31a8372d0c353';
const TOKEN_ID = 'f174e90a-fafe-4643-bbbc-4a0ed4fc8415';
const USER_TOKEN = 'ed17574386854bf78a67040be0a770b0';
// Made-up credentials; check-har must never print them.
const BEARER = 'Bearer HAR-BROWSER-SECRET-0b7e';

// What the page does: [method, path, body or null, extra headers].
const CALLS = [
  ['GET', `/client/v4/accounts/${ACCOUNT}/access/service_tokens`, null, {}],
  ['POST', `/client/v4/accounts/${ACCOUNT}/access/service_tokens`, { name: 'CI/CD token', duration: '8760h' }, {}],
  ['PUT', `/client/v4/accounts/${ACCOUNT}/access/service_tokens/${TOKEN_ID}`, { name: 'CI/CD token', duration: '1d' }, {}],
  ['GET', `/client/v4/accounts/${ACCOUNT}/access/service_tokens/${TOKEN_ID}`, null,
   { 'X-Upstream-Scenario': 'created-at-not-date-time' }],
  ['POST', `/client/v4/accounts/${ACCOUNT}/access/service_tokens/${TOKEN_ID}/rotate`, null,
   { 'X-Upstream-Scenario': 'missing-result' }],
  ['GET', '/client/v4/user/tokens/verify', null, {}],
  ['GET', `/client/v4/user/tokens/${USER_TOKEN}`, null, {}],
  ['PUT', `/client/v4/user/tokens/${USER_TOKEN}`, {
    name: 'readonly', status: 'active',
    policies: [{ effect: 'allow', permission_groups: [{ id: 'c8fed203ed3043cba015a93ad1616f1f' }],
                 resources: { 'com.cloudflare.api.account.zone.eb78d65290b24279ba6f44721b3ea3c4': '*' } }],
    condition: { request_ip: { in: ['123.123.123.0/24', '2606:4700::/32'], not_in: ['123.123.123.100/33'] } },
  }, {}],
  ['GET', '/public/v1/accounts/api-tokens?limit=10', null, {}],
  ['POST', '/public/v1/accounts/api-tokens', { name: 'deploy', description: 'CI', colour: 'red' }, {}],
  ['GET', '/public/v1/accounts/api-tokens/TKN-1234-5678', null, { 'X-Upstream-Scenario': 'undeclared-status' }],
  ['POST', '/public/v1/accounts/api-tokens/TKN-1234-5678/disable', null, {}],
];

async function main() {
  const [port, out] = process.argv.slice(2);
  const origin = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  const context = await browser.newContext({ recordHar: { path: out, mode: 'full', content: 'embed' } });
  const page = await context.newPage();
  await page.goto(`${origin}/__upstream/console`);
  const statuses = await page.evaluate(async ({ calls, bearer }) => {
    const seen = [];
    for (const [method, path, body, extra] of calls) {
      const headers = Object.assign({ Authorization: bearer }, extra);
      if (body !== null) headers['Content-Type'] = 'application/json';
      const r = await fetch(path, { method, headers, body: body === null ? undefined : JSON.stringify(body) });
      await r.text();
      seen.push(`${method} ${path} -> ${r.status}`);
    }
    return seen;
  }, { calls: CALLS, bearer: BEARER });
  statuses.forEach((s) => console.log(s));
  await context.close();  // writes the HAR
  await browser.close();
}

main().catch((e) => { console.error(e); process.exit(1); });
