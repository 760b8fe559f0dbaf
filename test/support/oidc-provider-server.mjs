// A real OpenID Connect provider (oidc-provider) standing in for Pro Santé Connect in tests,
// run as its own process. It knows one confidential client (OIDC_CLIENT_ID, OIDC_CLIENT_SECRET,
// OIDC_REDIRECT_URI) and prints "listening <issuer>" once it serves.
//
// Its login step is a form a test posts with plain fetch: `SubjectNameID` (the professional's
// IdNat_PS, as Pro Santé Connect names it), `acr` and `amr` (comma-separated) — what the
// professional's card or e-CPS app would have established. Consent is granted silently,
// as Pro Santé Connect does for registered services.
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI } = process.env;
if (!OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET || !OIDC_REDIRECT_URI) {
  console.error('OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_REDIRECT_URI are required');
  process.exit(2);
}

// Opaque subject (as at Pro Santé Connect) → the IdNat_PS claim of that professional.
const subjectNameIds = new Map();

let provider;
const server = createServer((req, res) => {
  const login = /^\/interaction\/([\w-]+)\/login$/.exec(req.url ?? '');
  if (login && req.method === 'POST') return finishLogin(req, res).catch((error) => fail(res, error));
  return provider.callback()(req, res);
});

async function finishLogin(req, res) {
  await provider.interactionDetails(req, res); // checks the interaction cookie of this browser
  const form = new URLSearchParams(await bodyOf(req));
  const subjectNameId = form.get('SubjectNameID') ?? '';
  const accountId = createHash('sha256').update(subjectNameId).digest('hex').slice(0, 24);
  subjectNameIds.set(accountId, subjectNameId);
  const amr = (form.get('amr') ?? '').split(',').filter(Boolean);
  const acr = form.get('acr') || undefined;
  await provider.interactionFinished(req, res, { login: { accountId, acr, amr } }, { mergeWithLastSubmission: false });
}

async function bodyOf(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function fail(res, error) {
  res.writeHead(400, { 'content-type': 'text/plain' });
  res.end(String(error?.message ?? error));
}

server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        client_secret: OIDC_CLIENT_SECRET,
        redirect_uris: [OIDC_REDIRECT_URI],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    // Levels named as at Pro Santé Connect; which of them count as two factors is Vigie's setting.
    acrValues: ['eidas1', 'eidas2', 'eidas3'],
    // As at Pro Santé Connect: the IdNat_PS comes from UserInfo under scope_all; the ID token
    // states the level (acr, when the client sends acr_values) and here the methods (amr).
    claims: { acr: null, openid: ['sub', 'amr'], scope_all: ['SubjectNameID'] },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, accountId) =>
      subjectNameIds.has(accountId) ? { accountId, claims: () => ({ sub: accountId, SubjectNameID: subjectNameIds.get(accountId) }) } : undefined,
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid scope_all');
      await grant.save();
      return grant;
    },
  });
  provider.on('server_error', (_ctx, error) => console.error(error));
  console.log(`listening ${issuer}`);
});

// Ends with the test that started it, even if that one dies without a word.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
