#!/usr/bin/env node
/*
 * Reference-implementation side of the obv3 interop tests.
 *
 * Protocol: one JSON request per line on stdin, one JSON response per line on stdout, in order.
 * One process serves a whole pytest session, so the (slow) module loading happens once.
 *
 *   {"op": "ping"}
 *     -> {"ok": true, "result": {"versions": {...}}}
 *   {"op": "key", "seed": HEX32}
 *     -> {"ok": true, "result": {"publicKeyMultibase", "did", "verificationMethod"}}
 *   {"op": "sign", "credential": {...}, "suite": "eddsa-rdfc-2022" | "Ed25519Signature2020" |
 *    "eddsa-jcs-2022" | "ecdsa-rdfc-2019" | "ecdsa-sd-2023",
 *    "seed": HEX32, "verificationMethod"?: URL (default: the seed's did:key method),
 *    "controller"?: URL, "created"?: ISO date-time, "legacyContext"?: bool,
 *    "documents"?: {URL: document},
 *    "publicKeyMultibase"?, "secretKeyMultibase"?: a P-256/P-384 Multikey pair (ECDSA suites),
 *    "mandatoryPointers"?, "selectivePointers"?: JSON pointers (ecdsa-sd-2023)}
 *     -> {"ok": true, "result": signedCredential}
 *   ecdsa-sd-2023 signs a base proof with the mandatory pointers and returns the credential
 *   *derived* from it with the selective pointers (what a holder shows a verifier).
 *   {"op": "verify", "credential": {...}, "documents"?: {URL: document}, "now"?: ISO date-time,
 *    "checkIssuer"?: bool}
 *     -> {"ok": true, "result": {"verified": bool, "errors": [message, ...]}}
 *   {"op": "canonize", "document": {...}, "documents"?: {URL: document}}
 *     -> {"ok": true, "result": canonical N-Quads (RDFC-1.0, jsonld.js safe mode)}
 *   {"op": "jwt-sign", "header": {...}, "payload": {...}, "jwk": privateJwk}
 *     -> {"ok": true, "result": compactJws}
 *   {"op": "jwt-verify", "token": compactJws, "jwk": publicJwk}
 *     -> {"ok": true, "result": {"verified": bool, "header", "payload", "errors"}}
 *
 * The JWT ops use node:crypto (OpenSSL) directly: an implementation of RS256/ES256/ES384/EdDSA and
 * base64url independent of obv3's, to cross-check its VC-JWTs. The algorithm comes from the
 * key type, never from the token.
 *
 * Anything that goes wrong while handling a request gives {"ok": false, "error": message}.
 *
 * The document loader never touches the network: JSON-LD contexts come from the npm context
 * packages first, then from obv3's bundled contexts (src/obv3/jsonld/contexts/index.json, which
 * holds the OB 3.0 contexts that no npm package here ships); did:key is resolved locally with the
 * reference did:key driver; a request may add documents (e.g. an https issuer's controller
 * document and key). Any other URL throws.
 *
 * verify uses the reference's default proof purpose (CredentialIssuancePurpose: assertionMethod,
 * and the issuer must be the verification method's controller). "checkIssuer": false relaxes that
 * to a plain assertionMethod purpose, for the W3C vectors whose issuer is an example URL that does
 * not control the did:key they are signed with.
 */
import {createPrivateKey, createPublicKey, sign as cryptoSign, verify as cryptoVerify}
  from 'node:crypto';
import {readFileSync} from 'node:fs';
import {createInterface} from 'node:readline';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

import * as vc from '@digitalbazaar/vc';
import jsigs from 'jsonld-signatures';
import jsonld from 'jsonld';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {cryptosuite as ecdsaRdfc2019} from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import * as ecdsaSd2023 from '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import * as eddsaJcs2022 from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {driver as didKeyDriver} from '@digitalbazaar/did-method-key';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import didContext from 'did-context';
import ed25519Signature2020Context from 'ed25519-signature-2020-context';

const HERE = dirname(fileURLToPath(import.meta.url));
const BUNDLE_DIR = process.env.OBV3_CONTEXTS_DIR ||
  resolve(HERE, '..', '..', '..', 'src', 'obv3', 'jsonld', 'contexts');

/** URL -> context document, from the npm context packages (the reference's own view). */
const NPM_CONTEXTS = new Map([
  ...credentialsContext.contexts,
  ...dataIntegrityContext.contexts,
  ...multikeyContext.contexts,
  ...didContext.contexts,
  ...ed25519Signature2020Context.contexts,
]);

/** URL -> context document, from obv3's bundle (only used for URLs npm does not cover). */
const BUNDLED_CONTEXTS = loadBundle(BUNDLE_DIR);

function loadBundle(dir) {
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
  const contexts = new Map();
  for(const [url, entry] of Object.entries(index)) {
    contexts.set(url, JSON.parse(readFileSync(join(dir, entry.file), 'utf8')));
  }
  return contexts;
}

const didKey = didKeyDriver();
didKey.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});
didKey.use({multibaseMultikeyHeader: 'zDna', fromMultibase: EcdsaMultikey.from});
didKey.use({multibaseMultikeyHeader: 'z82L', fromMultibase: EcdsaMultikey.from});

function makeDocumentLoader(extraDocuments = {}) {
  return async function documentLoader(url) {
    if(typeof url !== 'string') {
      throw new Error(`interop loader: not a URL: ${JSON.stringify(url)}`);
    }
    let document;
    if(Object.prototype.hasOwnProperty.call(extraDocuments, url)) {
      document = extraDocuments[url];
    } else if(NPM_CONTEXTS.has(url)) {
      document = NPM_CONTEXTS.get(url);
    } else if(BUNDLED_CONTEXTS.has(url)) {
      document = BUNDLED_CONTEXTS.get(url);
    } else if(url.startsWith('did:key:')) {
      document = await didKey.get({url});
    } else {
      throw new Error(`interop loader: refusing to load "${url}" (offline, not bundled)`);
    }
    // hand out a copy so that no caller can change what the next request sees
    return {contextUrl: null, documentUrl: url, document: structuredClone(document)};
  };
}

function seedBytes(hex) {
  if(typeof hex !== 'string' || !/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new Error('"seed" must be 64 hex digits (a 32-byte Ed25519 seed)');
  }
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

async function keyFromRequest(request) {
  if(request.secretKeyMultibase) {
    const did = `did:key:${request.publicKeyMultibase}`;
    const id = request.verificationMethod || `${did}#${request.publicKeyMultibase}`;
    const controller = request.controller || (id.startsWith('did:key:') ? did : id.split('#')[0]);
    return EcdsaMultikey.from({
      type: 'Multikey', id, controller,
      publicKeyMultibase: request.publicKeyMultibase,
      secretKeyMultibase: request.secretKeyMultibase,
    });
  }
  const probe = await Ed25519Multikey.generate({seed: seedBytes(request.seed)});
  const did = `did:key:${probe.publicKeyMultibase}`;
  const id = request.verificationMethod || `${did}#${probe.publicKeyMultibase}`;
  const controller = request.controller || (id.startsWith('did:key:') ? did : id.split('#')[0]);
  return Ed25519Multikey.generate({seed: seedBytes(request.seed), id, controller});
}

function errorMessages(error) {
  if(!error) {
    return [];
  }
  const errors = Array.isArray(error) ? error : [error];
  const out = [];
  for(const e of errors) {
    if(e && Array.isArray(e.errors) && e.errors.length) {
      out.push(...errorMessages(e.errors));
    } else {
      out.push(String((e && (e.message || e.name)) || e));
      // jsonld.js wraps loader failures; keep the underlying reason visible
      const cause = e && ((e.details && e.details.cause) || e.cause);
      if(cause) {
        out.push(...errorMessages(cause));
      }
    }
  }
  return out;
}

const JWT_ALGS = {
  RSA: {alg: 'RS256', digest: 'sha256', options: {}},
  EC: {alg: 'ES256', digest: 'sha256', options: {dsaEncoding: 'ieee-p1363'}},
  OKP: {alg: 'EdDSA', digest: null, options: {}},
};

function jwtAlgFor(jwk) {
  if(jwk && jwk.kty === 'EC' && jwk.crv === 'P-384') {
    return {alg: 'ES384', digest: 'sha384', options: {dsaEncoding: 'ieee-p1363'}};
  }
  const entry = JWT_ALGS[jwk && jwk.kty];
  if(!entry) {
    throw new Error(`unsupported JWK kty ${JSON.stringify(jwk && jwk.kty)}`);
  }
  return entry;
}

const b64url = data => Buffer.from(data).toString('base64url');

const handlers = {
  async ping() {
    const pkg = name => JSON.parse(readFileSync(
      join(HERE, 'node_modules', ...name.split('/'), 'package.json'), 'utf8')).version;
    const names = [
      '@digitalbazaar/vc', '@digitalbazaar/data-integrity',
      '@digitalbazaar/eddsa-rdfc-2022-cryptosuite', '@digitalbazaar/ed25519-signature-2020',
      '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite', '@digitalbazaar/ecdsa-sd-2023-cryptosuite',
      '@digitalbazaar/eddsa-jcs-2022-cryptosuite', '@digitalbazaar/ecdsa-multikey',
      'jsonld', 'jsonld-signatures', 'rdf-canonize',
    ];
    return {versions: Object.fromEntries(names.map(n => [n, pkg(n)])), node: process.version};
  },

  async key(request) {
    const key = await keyFromRequest(request);
    return {
      publicKeyMultibase: key.publicKeyMultibase,
      did: `did:key:${key.publicKeyMultibase}`,
      verificationMethod: key.id,
    };
  },

  async sign(request) {
    const key = await keyFromRequest(request);
    const date = request.created;
    let suite;
    if(request.suite === 'eddsa-rdfc-2022') {
      suite = new DataIntegrityProof({
        signer: key.signer(), date, cryptosuite: eddsaRdfc2022,
        legacyContext: Boolean(request.legacyContext),
      });
    } else if(request.suite === 'Ed25519Signature2020') {
      suite = new Ed25519Signature2020({key, date});
    } else if(request.suite === 'ecdsa-rdfc-2019') {
      suite = new DataIntegrityProof({signer: key.signer(), date, cryptosuite: ecdsaRdfc2019});
    } else if(request.suite === 'eddsa-jcs-2022') {
      suite = new DataIntegrityProof({
        signer: key.signer(), date, cryptosuite: eddsaJcs2022.createSignCryptosuite(),
      });
    } else if(request.suite === 'ecdsa-sd-2023') {
      const documentLoader = makeDocumentLoader(request.documents);
      const base = await vc.issue({
        credential: structuredClone(request.credential),
        suite: new DataIntegrityProof({
          signer: key.signer(), date,
          cryptosuite: ecdsaSd2023.createSignCryptosuite({
            mandatoryPointers: request.mandatoryPointers || [],
          }),
        }),
        documentLoader,
      });
      return vc.derive({
        verifiableCredential: base,
        suite: new DataIntegrityProof({
          cryptosuite: ecdsaSd2023.createDiscloseCryptosuite({
            selectivePointers: request.selectivePointers || [],
          }),
        }),
        documentLoader,
      });
    } else {
      throw new Error(`unknown suite ${JSON.stringify(request.suite)}`);
    }
    return vc.issue({
      credential: structuredClone(request.credential),
      suite,
      documentLoader: makeDocumentLoader(request.documents),
    });
  },

  async canonize(request) {
    return jsonld.canonize(structuredClone(request.document), {
      algorithm: 'RDFC-1.0', format: 'application/n-quads', safe: true,
      documentLoader: makeDocumentLoader(request.documents),
    });
  },

  async 'jwt-sign'(request) {
    const {alg, digest, options} = jwtAlgFor(request.jwk);
    const header = {...request.header, alg};
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(request.payload))}`;
    const key = createPrivateKey({key: request.jwk, format: 'jwk'});
    const signature = cryptoSign(digest, Buffer.from(input), {key, ...options});
    return `${input}.${b64url(signature)}`;
  },

  async 'jwt-verify'(request) {
    const {alg, digest, options} = jwtAlgFor(request.jwk);
    const parts = String(request.token).split('.');
    if(parts.length !== 3) {
      return {verified: false, errors: ['not a compact JWS']};
    }
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if(header.alg !== alg) {
      return {verified: false, header, payload, errors: [`alg ${header.alg} is not ${alg}`]};
    }
    const key = createPublicKey({key: request.jwk, format: 'jwk'});
    const verified = cryptoVerify(
      digest, Buffer.from(`${parts[0]}.${parts[1]}`), {key, ...options},
      Buffer.from(parts[2], 'base64url'));
    return {verified, header, payload, errors: verified ? [] : ['signature does not verify']};
  },

  async verify(request) {
    const suite = [
      new DataIntegrityProof({cryptosuite: eddsaRdfc2022}),
      new Ed25519Signature2020(),
      new DataIntegrityProof({cryptosuite: ecdsaRdfc2019}),
      new DataIntegrityProof({cryptosuite: eddsaJcs2022.createVerifyCryptosuite()}),
      new DataIntegrityProof({cryptosuite: ecdsaSd2023.createVerifyCryptosuite()}),
    ];
    const result = await vc.verifyCredential({
      credential: request.credential,
      suite,
      documentLoader: makeDocumentLoader(request.documents),
      now: request.now,
      ...(request.checkIssuer === false ?
        {purpose: new jsigs.purposes.AssertionProofPurpose()} : {}),
    });
    const messages = errorMessages(result.error);
    for(const r of result.results || []) {
      messages.push(...errorMessages(r.error));
    }
    return {verified: result.verified === true, errors: [...new Set(messages)]};
  },
};

async function handle(line) {
  let request;
  try {
    request = JSON.parse(line);
  } catch(e) {
    return {ok: false, error: `bad request JSON: ${e.message}`};
  }
  const handler = request && handlers[request.op];
  if(!handler) {
    return {ok: false, error: `unknown op ${JSON.stringify(request && request.op)}`};
  }
  try {
    return {ok: true, result: await handler(request)};
  } catch(e) {
    return {ok: false, error: errorMessages(e).join('; ')};
  }
}

const lines = createInterface({input: process.stdin, crlfDelay: Infinity});
for await (const line of lines) {
  if(!line.trim()) {
    continue;
  }
  process.stdout.write(JSON.stringify(await handle(line)) + '\n');
}
