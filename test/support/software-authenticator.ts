import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { encodeCbor, type CborValue } from './cbor.ts';

/**
 * A WebAuthn authenticator and client in software, as a browser with a platform passkey
 * would answer (W3C Web Authentication Level 2): ES256 keys from node:crypto, attestation
 * format "none", the user verified (UP and UV flags), a signature counter per credential.
 * Knobs let a test misbehave the way an attacker or a cloned key would.
 */
interface Credential {
  id: Buffer;
  privateKey: KeyObject;
  rpId: string;
  userHandle: string;
  counter: number;
}

export interface AssertionTweaks {
  /** Sign with another key than the credential's. */
  wrongKey?: boolean;
  /** Report this counter instead of the next one (a cloned key lags behind). */
  counter?: number;
  /** Claim user verification or not (default: verified). */
  userVerified?: boolean;
  /** The origin the client reports (a phishing site's, say). */
  origin?: string;
}

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

export class SoftwareAuthenticator {
  readonly credentials: Credential[] = [];

  constructor(readonly origin = 'http://127.0.0.1:8080') {}

  /** navigator.credentials.create(): a new ES256 credential, attested with fmt "none". */
  register(options: PublicKeyCredentialCreationOptionsJSON, tweaks: Pick<AssertionTweaks, 'userVerified' | 'origin'> = {}): RegistrationResponseJSON {
    if (!options.pubKeyCredParams.some((param) => param.alg === -7)) throw new Error('the relying party does not accept ES256');
    const rpId = options.rp.id!;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const credential: Credential = { id: randomBytes(16), privateKey, rpId, userHandle: options.user.id, counter: 0 };
    const jwk = publicKey.export({ format: 'jwk' });
    // COSE_Key (RFC 9053): kty EC2, alg ES256, crv P-256, x, y.
    const coseKey = new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credential.id.length);
    const authData = Buffer.concat([
      authenticatorData(rpId, FLAG_UP | (tweaks.userVerified === false ? 0 : FLAG_UV) | FLAG_AT, credential.counter),
      Buffer.alloc(16), // AAGUID: none claimed
      idLength,
      credential.id,
      encodeCbor(coseKey),
    ]);
    const attestationObject = encodeCbor(
      new Map<string, CborValue>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    const clientDataJSON = this.clientData('webauthn.create', options.challenge, tweaks.origin);
    this.credentials.push(credential);
    const id = credential.id.toString('base64url');
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: { clientDataJSON: clientDataJSON.toString('base64url'), attestationObject: attestationObject.toString('base64url'), transports: ['internal'] },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** navigator.credentials.get(): an assertion by the first allowed credential it holds. */
  assert(options: PublicKeyCredentialRequestOptionsJSON, tweaks: AssertionTweaks = {}): AuthenticationResponseJSON {
    const allowed = new Set((options.allowCredentials ?? []).map((descriptor) => descriptor.id));
    const credential = this.credentials.find(
      (candidate) => candidate.rpId === options.rpId && (allowed.size === 0 || allowed.has(candidate.id.toString('base64url'))),
    );
    if (!credential) throw new Error('no credential for this relying party');
    credential.counter = tweaks.counter ?? credential.counter + 1;
    const authData = authenticatorData(credential.rpId, FLAG_UP | (tweaks.userVerified === false ? 0 : FLAG_UV), credential.counter);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, tweaks.origin);
    const signed = Buffer.concat([authData, createHash('sha256').update(clientDataJSON).digest()]);
    const key = tweaks.wrongKey ? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey : credential.privateKey;
    const id = credential.id.toString('base64url');
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        // ES256 signatures are DER-encoded in WebAuthn (§6.5.5), node:crypto's default.
        signature: sign('sha256', signed, key).toString('base64url'),
        userHandle: credential.userHandle,
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  private clientData(type: string, challenge: string, origin = this.origin): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), 'utf8');
  }
}

/** rpIdHash, flags, signCount (§6.1). */
function authenticatorData(rpId: string, flags: number, counter: number): Buffer {
  const counterBytes = Buffer.alloc(4);
  counterBytes.writeUInt32BE(counter);
  return Buffer.concat([createHash('sha256').update(rpId, 'utf8').digest(), Buffer.from([flags]), counterBytes]);
}
