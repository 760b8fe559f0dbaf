// Generated from GET /api/openapi.json by scripts/openapi-types.ts: do not edit.

export interface paths {
  '/api/auth/methods': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              password: boolean;
              sso: boolean;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/login': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description The account name */
            username: string;
            /** @description The password */
            password: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Single use, for the second factor */
              ticket: string;
              /** @description The second factors that may follow */
              mfa: string[];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/totp': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description From POST /api/auth/login */
            ticket: string;
            /** @description The authenticator app’s code */
            code: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json':
              | components['schemas']['SessionGrant']
              | {
                  /** @enum {string} */
                  next: 'webauthn' | 'webauthn-enrol';
                };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Who is signed in */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              username: string;
              role: string;
              establishmentId: string | null;
              unitId: string | null;
              practitionerId: string | null;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Done */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/activation/start': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description The account name */
            username: string;
            /** @description The code from the activation letter */
            activationCode: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description otpauth:// URI of the offered authenticator secret */
              totpUri: string;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/activation/finish': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description The account name */
            username: string;
            /** @description The code from the activation letter */
            activationCode: string;
            /** @description The new password */
            password: string;
            /** @description A code from the new authenticator */
            code: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @enum {string} */
              next: 'sign-in';
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/webauthn/options': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description From POST /api/auth/login */
            ticket: string;
          };
        };
      };
      responses: {
        /** @description WebAuthn options JSON */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              challenge: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/webauthn/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description From POST /api/auth/login */
            ticket: string;
            /** @description The credential's JSON (PublicKeyCredential.toJSON()) */
            response: {
              id: string;
              rawId: string;
              /** @enum {string} */
              type: 'public-key';
              response: {
                clientDataJSON: string;
                authenticatorData: string;
                signature: string;
                userHandle?: string | null;
              };
              clientExtensionResults?: Record<string, never>;
            };
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The bearer token */
              token: string;
              /** @description ISO 8601 date-time */
              expiresAt: string;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/webauthn/register/options': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description From POST /api/auth/login */
            ticket: string;
            /** @description The code from the activation letter */
            activationCode: string;
          };
        };
      };
      responses: {
        /** @description WebAuthn options JSON */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              challenge: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/webauthn/register/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description From POST /api/auth/login */
            ticket: string;
            /** @description The code from the activation letter */
            activationCode: string;
            /** @description The credential's JSON (PublicKeyCredential.toJSON()) */
            response: {
              id: string;
              rawId: string;
              /** @enum {string} */
              type: 'public-key';
              response: {
                clientDataJSON: string;
                attestationObject: string;
                transports?: string[];
              };
              clientExtensionResults?: Record<string, never>;
            };
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              token: string;
              /** @description ISO 8601 date-time */
              expiresAt: string;
              recoveryCodes: string[];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/recovery-code': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description From POST /api/auth/login */
            ticket: string;
            /** @description One of the recovery codes */
            code: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The bearer token */
              token: string;
              /** @description ISO 8601 date-time */
              expiresAt: string;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/me/passkeys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              passkeys: components['schemas']['Passkey'][];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description The credential's JSON (PublicKeyCredential.toJSON()) */
            response: {
              id: string;
              rawId: string;
              /** @enum {string} */
              type: 'public-key';
              response: {
                clientDataJSON: string;
                attestationObject: string;
                transports?: string[];
              };
              clientExtensionResults?: Record<string, never>;
            };
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              passkey: components['schemas']['Passkey'];
              /** @description With the first passkey only, shown once */
              recoveryCodes?: string[];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/me/passkeys/options': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description WebAuthn options JSON */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              challenge: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/me/passkeys/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The passkey's id */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Done */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/me/step-up/options': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description WebAuthn options JSON */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              challenge: string;
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/me/step-up/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description The credential's JSON (PublicKeyCredential.toJSON()) */
            response: {
              id: string;
              rawId: string;
              /** @enum {string} */
              type: 'public-key';
              response: {
                clientDataJSON: string;
                authenticatorData: string;
                signature: string;
                userHandle?: string | null;
              };
              clientExtensionResults?: Record<string, never>;
            };
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description ISO 8601 date-time */
              stepUpAt: string;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/me/recovery-codes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Shown once */
              recoveryCodes: string[];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/me/notices': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              notices: {
                id: string;
                kind: string;
                text: string;
                detail: {
                  [key: string]: unknown;
                };
                /** @description ISO 8601 date-time */
                createdAt: string;
              }[];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/sso/start': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description A redirect to the identity provider */
        302: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/sso/callback': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json':
              | components['schemas']['SessionGrant']
              | {
                  /** @description Single use, for the second factor */
                  ticket: string;
                  /** @description The second factors that may follow */
                  mfa: string[];
                };
          };
        };
        /** @description A redirect to the web application */
        303: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/sso/handoff': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json':
              | components['schemas']['SessionGrant']
              | {
                  /** @description Single use, for the second factor */
                  ticket: string;
                  /** @description The second factors that may follow */
                  mfa: string[];
                };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/break-glass/reasons': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              reasons: {
                /** @enum {string} */
                code: 'emergency' | 'continuity' | 'on-call' | 'patient-request' | 'other';
                label: string;
              }[];
              /** @description How long an opening lasts */
              hours: number;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/break-glass': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description A Patient id or reference (Patient/…) */
            patient: string;
            /**
             * @description One of GET /api/break-glass/reasons
             * @enum {string}
             */
            reason: 'emergency' | 'continuity' | 'on-call' | 'patient-request' | 'other';
            /** @description The reason in words */
            text: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              patientId: string;
              /** @enum {string} */
              reason: 'emergency' | 'continuity' | 'on-call' | 'patient-request' | 'other';
              /** @description ISO 8601 date-time */
              expiresAt: string;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/security/break-glass': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: {
          /** @description unreviewed by default */
          status?: 'unreviewed' | 'all';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              entries: components['schemas']['BreakGlassEntry'][];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/security/break-glass/{id}/review': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The break-glass's id */
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @enum {string} */
            outcome: 'justified' | 'unjustified';
            /** @description At least 10 characters when unjustified */
            note?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              username: string;
              role: string;
              patientId: string;
              establishmentId: string;
              /** @enum {string} */
              reason: 'emergency' | 'continuity' | 'on-call' | 'patient-request' | 'other';
              text: string;
              /** @description ISO 8601 date-time */
              openedAt: string;
              /** @description ISO 8601 date-time */
              expiresAt: string;
              review: {
                /** @enum {string} */
                outcome: 'justified' | 'unjustified';
                note: string | null;
                /** @description ISO 8601 date-time */
                reviewedAt: string;
                reviewedBy: string;
              } | null;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/accounts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            username: string;
            /**
             * @description A staff role (a patient account belongs to its record)
             * @enum {string}
             */
            role: 'doctor' | 'nurse' | 'admissions' | 'lab' | 'dpo' | 'dim' | 'security_officer' | 'user_admin' | 'sysadmin';
            /** @description The establishment */
            establishmentId?: string;
            /** @description The care unit */
            unitId?: string;
            /** @description The Practitioner the account signs as */
            practitionerId?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              account: components['schemas']['Account'];
              request: components['schemas']['AccountRequest'];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/accounts/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The account's id */
          id: string;
        };
        cookie?: never;
      };
      /** @description What changes; absent fields stay as they are */
      requestBody: {
        content: {
          'application/json': {
            /**
             * @description A staff role (a patient account belongs to its record)
             * @enum {string}
             */
            role?: 'doctor' | 'nurse' | 'admissions' | 'lab' | 'dpo' | 'dim' | 'security_officer' | 'user_admin' | 'sysadmin';
            /** @description The establishment's id; null detaches */
            establishmentId?: string | null;
            /** @description The care unit's id; null detaches */
            unitId?: string | null;
            /** @description The Practitioner's id; null detaches */
            practitionerId?: string | null;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              account: components['schemas']['Account'];
              request: components['schemas']['AccountRequest'];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/admin/accounts/{id}/disable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The account's id */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              username: string;
              role: string;
              /** @enum {string} */
              status: 'active' | 'suspended' | 'contained' | 'pending';
              establishmentId: string | null;
              unitId: string | null;
              practitionerId: string | null;
              /** @description ISO 8601 date-time */
              createdAt: string;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/accounts/{id}/enable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The account's id */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              account: components['schemas']['Account'];
              request: components['schemas']['AccountRequest'];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/accounts/{id}/reset-lockout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The account's id */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              account: components['schemas']['Account'];
              hadFailures: boolean;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/accounts/{id}/activation': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The account's id */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              account: components['schemas']['Account'];
              request: components['schemas']['AccountRequest'];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/requests': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              requests: {
                id: string;
                /** @enum {string} */
                kind: 'create' | 'change' | 'enable' | 'activation';
                accountId: string;
                username: string;
                role: string;
                establishmentId: string | null;
                unitId: string | null;
                practitionerId: string | null;
                requestedBy: string;
                /** @description ISO 8601 date-time */
                requestedAt: string;
                /** @description ISO 8601 date-time */
                expiresAt: string;
                reach: number;
              }[];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/requests/{id}/confirm': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The request's id */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              request: components['schemas']['AccountRequest'];
              account: components['schemas']['Account'];
              /** @description Patients the account's care relationships reach today */
              reach: number;
              /** @description For a new account or a new code: shown once, to hand over */
              activation?: {
                code: string;
                /** @description ISO 8601 date-time */
                expiresAt: string;
                url?: string;
                /** @description base64 */
                letterPdf?: string;
              };
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/requests/{id}/reject': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The request's id */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              request: components['schemas']['AccountRequest'];
              account: components['schemas']['Account'];
              /** @description Patients the account's care relationships reach today */
              reach: number;
              /** @description For a new account or a new code: shown once, to hand over */
              activation?: {
                code: string;
                /** @description ISO 8601 date-time */
                expiresAt: string;
                url?: string;
                /** @description base64 */
                letterPdf?: string;
              };
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/teams': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              teams: components['schemas']['Team'][];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name: string;
            /** @description The establishment */
            establishmentId: string;
            /** @description The care unit */
            unitId?: string | null;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              name: string;
              establishmentId: string;
              unitId: string | null;
              /** @enum {string} */
              status: 'active' | 'disabled';
              members: {
                accountId: string;
                username: string;
                role: string;
              }[];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/teams/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The team's id */
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name?: string;
            /** @description The care unit's id; null detaches */
            unitId?: string | null;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              name: string;
              establishmentId: string;
              unitId: string | null;
              /** @enum {string} */
              status: 'active' | 'disabled';
              members: {
                accountId: string;
                username: string;
                role: string;
              }[];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    trace?: never;
  };
  '/api/admin/teams/{id}/disable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The team's id */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              name: string;
              establishmentId: string;
              unitId: string | null;
              /** @enum {string} */
              status: 'active' | 'disabled';
              members: {
                accountId: string;
                username: string;
                role: string;
              }[];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/teams/{id}/enable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The team's id */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              name: string;
              establishmentId: string;
              unitId: string | null;
              /** @enum {string} */
              status: 'active' | 'disabled';
              members: {
                accountId: string;
                username: string;
                role: string;
              }[];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/teams/{id}/members': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The team's id */
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description The account to add */
            accountId: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              name: string;
              establishmentId: string;
              unitId: string | null;
              /** @enum {string} */
              status: 'active' | 'disabled';
              members: {
                accountId: string;
                username: string;
                role: string;
              }[];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/teams/{id}/members/{accountId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The team */
          id: string;
          /** @description The member */
          accountId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              name: string;
              establishmentId: string;
              unitId: string | null;
              /** @enum {string} */
              status: 'active' | 'disabled';
              members: {
                accountId: string;
                username: string;
                role: string;
              }[];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/admin/review': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: {
          /** @description One establishment only */
          establishment?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description ISO 8601 date-time */
              generatedAt: string;
              dormantDays: number;
              establishments: {
                id: string | null;
                name: string;
                accounts: {
                  id: string;
                  username: string;
                  role: string;
                  unitId: string | null;
                  unitName: string | null;
                  status: string;
                  /** @description ISO 8601 date-time */
                  createdAt: string;
                  /** @description ISO 8601 date-time */
                  lastLoginAt: string | null;
                  currentCareRelationships: number;
                  breakGlassLast90Days: number;
                  dormant: boolean;
                }[];
              }[];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/account/password': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            currentPassword: string;
            newPassword: string;
          };
        };
      };
      responses: {
        /** @description Done */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/patients/{id}/access-history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/security/alerts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: {
          /** @description open by default */
          status?: 'open' | 'all';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              alerts: components['schemas']['Alert'][];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/security/alerts/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The alert's id */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              accountId: string | null;
              username: string | null;
              role: string | null;
              accountStatus: string | null;
              detector: string;
              severity: string;
              explanation: string;
              evidence: {
                [key: string]: unknown;
              };
              contained: boolean;
              /** @description ISO 8601 date-time */
              raisedAt: string;
              /** @description ISO 8601 date-time */
              acknowledgedAt: string | null;
              note: string | null;
              /** @description The ledger entries that raised it */
              entries: unknown[];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/security/alerts/{id}/acknowledge': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The alert's id */
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description 3 to 500 characters: what the review found; it goes into the ledger */
            note: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              accountId: string | null;
              username: string | null;
              role: string | null;
              accountStatus: string | null;
              detector: string;
              severity: string;
              explanation: string;
              evidence: {
                [key: string]: unknown;
              };
              contained: boolean;
              /** @description ISO 8601 date-time */
              raisedAt: string;
              /** @description ISO 8601 date-time */
              acknowledgedAt: string | null;
              note: string | null;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/security/accounts/{id}/reinstate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The account's id */
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description 3 to 500 characters: what the review found; it goes into the ledger */
            note: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              accountId: string;
              /** @enum {string} */
              status: 'active';
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/security/addresses': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              addresses: {
                address: string;
                alertId: string;
                /** @description ISO 8601 date-time */
                containedAt: string;
              }[];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/security/addresses/lift': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description IPv4 or IPv6 */
            address: string;
            /** @description 3 to 500 characters: what the review found; it goes into the ledger */
            note: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              address: string;
              /** @enum {boolean} */
              lifted: true;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/security/attribute': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      /** @description The sample itself, as text/csv or application/x-ndjson or application/fhir+ndjson or text/plain */
      requestBody: {
        content: {
          'application/json': string;
        };
      };
      responses: {
        /** @description The exports the sample matches, weighed (src/exports/attribution) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              exportsWeighed: number;
              named: unknown[];
            } & {
              [key: string]: unknown;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/security/disclosures': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: {
          /** @description A whole number from 1 to 168; 24 by default */
          hours?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              hours: components['schemas']['HourFigure'][];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/security/ledger': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The last entry's number */
              head: number;
              lastCheckpoint: {
                treeSize: number;
                /** @description ISO 8601 date-time */
                signedAt: string;
                keyId: string;
                root: string;
              } | null;
              lastVerification: {
                /** @description ISO 8601 date-time */
                at: string;
                intact: boolean;
                entries: string;
                head: string;
                problem: string | null;
              } | null;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/security/ledger/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description The last entry's number */
              head: number;
              lastCheckpoint: {
                treeSize: number;
                /** @description ISO 8601 date-time */
                signedAt: string;
                keyId: string;
                root: string;
              } | null;
              lastVerification: {
                /** @description ISO 8601 date-time */
                at: string;
                intact: boolean;
                entries: string;
                head: string;
                problem: string | null;
              } | null;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/security/breaches': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              breaches: {
                id: string;
                /** @description ISO 8601 date-time */
                awareAt: string;
                /** @description ISO 8601 date-time */
                notifyBy: string;
                status: string;
                sampleRows: number;
                rowsMatched: number;
                patients: number;
                source: {
                  kind: string;
                  username: string | null;
                  role: string | null;
                  exportId?: string;
                } | null;
              }[];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/security/honey-records': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              honeyRecords: {
                patientId: string;
                establishmentId: string;
                /** @description ISO 8601 date-time */
                plantedAt: string;
              }[];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/portal/record': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              family: string | null;
              given: string[];
              birthDate: string | null;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/portal/accesses': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              accesses: components['schemas']['AccessRecord'][];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/portal/breaches': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              breaches: components['schemas']['BreachNotice'][];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/portal/reports': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            entry: string;
            comment?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              alertId: string;
              entry: string;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/exports': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              exports: components['schemas']['ExportView'][];
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @enum {string} */
            purpose: 'care-continuity' | 'migration' | 'research' | 'billing' | 'legal' | 'other';
            /** @description 10 to 500 characters: why, about the export, never a patient */
            justification: string;
            /** @description The ethics approval; required for research */
            ethicsReference?: string;
            scope: {
              /** @enum {string} */
              kind: 'establishment' | 'patients';
              /** @description With kind "patients" only */
              ids?: string[];
            };
            /**
             * @description pseudonymised by default
             * @enum {string}
             */
            fields?: 'pseudonymised' | 'identified';
            /** @description Why direct identifiers are needed */
            identifiedBecause?: string;
            /**
             * @description ndjson (FHIR NDJSON) by default; one file per resource type
             * @enum {string}
             */
            format?: 'ndjson' | 'csv';
            /** @description For the files; without it (or a recipient key), the approver gives one */
            passphrase?: string;
            /** @description The receiving system's RSA public key, PEM */
            recipientKey?: string;
            /** @description A migration only */
            window?: {
              /** @description ISO 8601 */
              start: string;
              /** @description ISO 8601 */
              end: string;
            };
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              requester: {
                id: string;
                username: string;
                role: string;
              };
              purpose: string;
              justification: string;
              ethicsReference: string | null;
              scope:
                | {
                    /** @enum {string} */
                    kind: 'establishment';
                  }
                | {
                    /** @enum {string} */
                    kind: 'patients';
                    ids: string[];
                  };
              fields: string;
              identifiedBecause: string | null;
              format: string;
              patients: number;
              needsApproval: boolean;
              /** @enum {string} */
              status: 'awaiting-approval' | 'scheduled' | 'approved' | 'writing' | 'ready' | 'received' | 'failed' | 'expired' | 'refused' | 'cancelled';
              /** @description ISO 8601 date-time */
              requestedAt: string;
              patientsWritten: number;
              /** @description ISO 8601 date-time */
              readyAt: string | null;
              /** @description ISO 8601 date-time */
              expiresAt: string | null;
              failure: string | null;
              decision: {
                by: string;
                /** @description ISO 8601 date-time */
                at: string;
                note: string;
              } | null;
              cancelledBecause: string | null;
              /** @description Two for a migration */
              approvalsNeeded: number;
              recipientKeyFingerprint: string | null;
              window: {
                /** @description ISO 8601 date-time */
                start: string;
                /** @description ISO 8601 date-time */
                end: string;
              } | null;
              /** @description ISO 8601 date-time */
              receivedAt: string | null;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/exports/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The export's id */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              requester: {
                id: string;
                username: string;
                role: string;
              };
              purpose: string;
              justification: string;
              ethicsReference: string | null;
              scope:
                | {
                    /** @enum {string} */
                    kind: 'establishment';
                  }
                | {
                    /** @enum {string} */
                    kind: 'patients';
                    ids: string[];
                  };
              fields: string;
              identifiedBecause: string | null;
              format: string;
              patients: number;
              needsApproval: boolean;
              /** @enum {string} */
              status: 'awaiting-approval' | 'scheduled' | 'approved' | 'writing' | 'ready' | 'received' | 'failed' | 'expired' | 'refused' | 'cancelled';
              /** @description ISO 8601 date-time */
              requestedAt: string;
              patientsWritten: number;
              /** @description ISO 8601 date-time */
              readyAt: string | null;
              /** @description ISO 8601 date-time */
              expiresAt: string | null;
              failure: string | null;
              decision: {
                by: string;
                /** @description ISO 8601 date-time */
                at: string;
                note: string;
              } | null;
              cancelledBecause: string | null;
              /** @description Two for a migration */
              approvalsNeeded: number;
              recipientKeyFingerprint: string | null;
              window: {
                /** @description ISO 8601 date-time */
                start: string;
                /** @description ISO 8601 date-time */
                end: string;
              } | null;
              /** @description ISO 8601 date-time */
              receivedAt: string | null;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The export's id */
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              requester: {
                id: string;
                username: string;
                role: string;
              };
              purpose: string;
              justification: string;
              ethicsReference: string | null;
              scope:
                | {
                    /** @enum {string} */
                    kind: 'establishment';
                  }
                | {
                    /** @enum {string} */
                    kind: 'patients';
                    ids: string[];
                  };
              fields: string;
              identifiedBecause: string | null;
              format: string;
              patients: number;
              needsApproval: boolean;
              /** @enum {string} */
              status: 'awaiting-approval' | 'scheduled' | 'approved' | 'writing' | 'ready' | 'received' | 'failed' | 'expired' | 'refused' | 'cancelled';
              /** @description ISO 8601 date-time */
              requestedAt: string;
              patientsWritten: number;
              /** @description ISO 8601 date-time */
              readyAt: string | null;
              /** @description ISO 8601 date-time */
              expiresAt: string | null;
              failure: string | null;
              decision: {
                by: string;
                /** @description ISO 8601 date-time */
                at: string;
                note: string;
              } | null;
              cancelledBecause: string | null;
              /** @description Two for a migration */
              approvalsNeeded: number;
              recipientKeyFingerprint: string | null;
              window: {
                /** @description ISO 8601 date-time */
                start: string;
                /** @description ISO 8601 date-time */
                end: string;
              } | null;
              /** @description ISO 8601 date-time */
              receivedAt: string | null;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/exports/{id}/files/{type}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The export */
          id: string;
          /** @description A resource type of the export */
          type: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description The sealed file (application/octet-stream) */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': unknown;
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/exports/{id}/approve': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The export's id */
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description 3 to 500 characters, for the ledger */
            note: string;
            passphrase?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              requester: {
                id: string;
                username: string;
                role: string;
              };
              purpose: string;
              justification: string;
              ethicsReference: string | null;
              scope:
                | {
                    /** @enum {string} */
                    kind: 'establishment';
                  }
                | {
                    /** @enum {string} */
                    kind: 'patients';
                    ids: string[];
                  };
              fields: string;
              identifiedBecause: string | null;
              format: string;
              patients: number;
              needsApproval: boolean;
              /** @enum {string} */
              status: 'awaiting-approval' | 'scheduled' | 'approved' | 'writing' | 'ready' | 'received' | 'failed' | 'expired' | 'refused' | 'cancelled';
              /** @description ISO 8601 date-time */
              requestedAt: string;
              patientsWritten: number;
              /** @description ISO 8601 date-time */
              readyAt: string | null;
              /** @description ISO 8601 date-time */
              expiresAt: string | null;
              failure: string | null;
              decision: {
                by: string;
                /** @description ISO 8601 date-time */
                at: string;
                note: string;
              } | null;
              cancelledBecause: string | null;
              /** @description Two for a migration */
              approvalsNeeded: number;
              recipientKeyFingerprint: string | null;
              window: {
                /** @description ISO 8601 date-time */
                start: string;
                /** @description ISO 8601 date-time */
                end: string;
              } | null;
              /** @description ISO 8601 date-time */
              receivedAt: string | null;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/exports/{id}/receipt': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The export's id */
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description The export, as `vigie export receipt` names it; the proof binds it */
            export?: string;
            /** @description The SHA-256 of each sealed file received */
            files: string[];
            /** @description The receipt's HMAC, as `vigie export receipt` prints it */
            proof: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              requester: {
                id: string;
                username: string;
                role: string;
              };
              purpose: string;
              justification: string;
              ethicsReference: string | null;
              scope:
                | {
                    /** @enum {string} */
                    kind: 'establishment';
                  }
                | {
                    /** @enum {string} */
                    kind: 'patients';
                    ids: string[];
                  };
              fields: string;
              identifiedBecause: string | null;
              format: string;
              patients: number;
              needsApproval: boolean;
              /** @enum {string} */
              status: 'awaiting-approval' | 'scheduled' | 'approved' | 'writing' | 'ready' | 'received' | 'failed' | 'expired' | 'refused' | 'cancelled';
              /** @description ISO 8601 date-time */
              requestedAt: string;
              patientsWritten: number;
              /** @description ISO 8601 date-time */
              readyAt: string | null;
              /** @description ISO 8601 date-time */
              expiresAt: string | null;
              failure: string | null;
              decision: {
                by: string;
                /** @description ISO 8601 date-time */
                at: string;
                note: string;
              } | null;
              cancelledBecause: string | null;
              /** @description Two for a migration */
              approvalsNeeded: number;
              recipientKeyFingerprint: string | null;
              window: {
                /** @description ISO 8601 date-time */
                start: string;
                /** @description ISO 8601 date-time */
                end: string;
              } | null;
              /** @description ISO 8601 date-time */
              receivedAt: string | null;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/exports/{id}/refuse': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          /** @description The export's id */
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description 3 to 500 characters, for the ledger */
            note: string;
            passphrase?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              requester: {
                id: string;
                username: string;
                role: string;
              };
              purpose: string;
              justification: string;
              ethicsReference: string | null;
              scope:
                | {
                    /** @enum {string} */
                    kind: 'establishment';
                  }
                | {
                    /** @enum {string} */
                    kind: 'patients';
                    ids: string[];
                  };
              fields: string;
              identifiedBecause: string | null;
              format: string;
              patients: number;
              needsApproval: boolean;
              /** @enum {string} */
              status: 'awaiting-approval' | 'scheduled' | 'approved' | 'writing' | 'ready' | 'received' | 'failed' | 'expired' | 'refused' | 'cancelled';
              /** @description ISO 8601 date-time */
              requestedAt: string;
              patientsWritten: number;
              /** @description ISO 8601 date-time */
              readyAt: string | null;
              /** @description ISO 8601 date-time */
              expiresAt: string | null;
              failure: string | null;
              decision: {
                by: string;
                /** @description ISO 8601 date-time */
                at: string;
                note: string;
              } | null;
              cancelledBecause: string | null;
              /** @description Two for a migration */
              approvalsNeeded: number;
              recipientKeyFingerprint: string | null;
              window: {
                /** @description ISO 8601 date-time */
                start: string;
                /** @description ISO 8601 date-time */
                end: string;
              } | null;
              /** @description ISO 8601 date-time */
              receivedAt: string | null;
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health/live': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @enum {string} */
              status: 'live';
            };
          };
        };
        /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
        '4XX': {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': components['schemas']['OperationOutcome'];
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health/ready': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @enum {string} */
              status: 'ready' | 'not-ready';
              checks: {
                /** @enum {string} */
                database: 'ok' | 'failing';
                /** @enum {string} */
                migrations: 'ok' | 'failing';
                /** @enum {string} */
                signingKey: 'ok' | 'failing';
              };
            };
          };
        };
        /** @description Default Response */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @enum {string} */
              status: 'ready' | 'not-ready';
              checks: {
                /** @enum {string} */
                database: 'ok' | 'failing';
                /** @enum {string} */
                migrations: 'ok' | 'failing';
                /** @enum {string} */
                signingKey: 'ok' | 'failing';
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/openapi.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description This document */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              [key: string]: unknown;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /** @description A refusal, with its reason (FHIR R4 OperationOutcome) */
    OperationOutcome: {
      /** @enum {string} */
      resourceType: 'OperationOutcome';
      issue: {
        /** @enum {string} */
        severity: 'error' | 'warning' | 'information';
        code: string;
        diagnostics: string;
        expression?: string[];
      }[];
    };
    SessionGrant: {
      /** @description The bearer token */
      token: string;
      /** @description ISO 8601 date-time */
      expiresAt: string;
    };
    Passkey: {
      id: string;
      credentialId: string;
      transports: string[];
      /** @description ISO 8601 date-time */
      createdAt: string;
      /** @description ISO 8601 date-time */
      lastUsedAt: string | null;
    };
    BreakGlassEntry: {
      id: string;
      username: string;
      role: string;
      patientId: string;
      establishmentId: string;
      /** @enum {string} */
      reason: 'emergency' | 'continuity' | 'on-call' | 'patient-request' | 'other';
      text: string;
      /** @description ISO 8601 date-time */
      openedAt: string;
      /** @description ISO 8601 date-time */
      expiresAt: string;
      review: {
        /** @enum {string} */
        outcome: 'justified' | 'unjustified';
        note: string | null;
        /** @description ISO 8601 date-time */
        reviewedAt: string;
        reviewedBy: string;
      } | null;
    };
    Account: {
      id: string;
      username: string;
      role: string;
      /** @enum {string} */
      status: 'active' | 'suspended' | 'contained' | 'pending';
      establishmentId: string | null;
      unitId: string | null;
      practitionerId: string | null;
      /** @description ISO 8601 date-time */
      createdAt: string;
    };
    AccountRequest: {
      id: string;
      /** @enum {string} */
      kind: 'create' | 'change' | 'enable' | 'activation';
      accountId: string;
      username: string;
      role: string;
      establishmentId: string | null;
      unitId: string | null;
      practitionerId: string | null;
      requestedBy: string;
      /** @description ISO 8601 date-time */
      requestedAt: string;
      /** @description ISO 8601 date-time */
      expiresAt: string;
    };
    Team: {
      id: string;
      name: string;
      establishmentId: string;
      unitId: string | null;
      /** @enum {string} */
      status: 'active' | 'disabled';
      members: {
        accountId: string;
        username: string;
        role: string;
      }[];
    };
    Alert: {
      id: string;
      accountId: string | null;
      username: string | null;
      role: string | null;
      accountStatus: string | null;
      detector: string;
      severity: string;
      explanation: string;
      evidence: {
        [key: string]: unknown;
      };
      contained: boolean;
      /** @description ISO 8601 date-time */
      raisedAt: string;
      /** @description ISO 8601 date-time */
      acknowledgedAt: string | null;
      note: string | null;
    };
    HourFigure: {
      /** @description ISO 8601 date-time */
      hour: string;
      role: string;
      patients: number;
    };
    AccessRecord: {
      /** @description The ledger entry, to report an access one does not recognise */
      entry: string;
      /** @description ISO 8601 date-time */
      at: string;
      action: string;
      professional: string | null;
      role: string | null;
      establishment: string | null;
      unit: string | null;
      why: string;
      basis: string | null;
      breakGlass: boolean;
    };
    BreachNotice: {
      caseId: string;
      /** @description ISO 8601 date-time */
      awareAt: string;
      status: string;
      inSample: boolean;
      categories: string[];
    };
    ExportView: {
      id: string;
      requester: {
        id: string;
        username: string;
        role: string;
      };
      purpose: string;
      justification: string;
      ethicsReference: string | null;
      scope:
        | {
            /** @enum {string} */
            kind: 'establishment';
          }
        | {
            /** @enum {string} */
            kind: 'patients';
            ids: string[];
          };
      fields: string;
      identifiedBecause: string | null;
      format: string;
      patients: number;
      needsApproval: boolean;
      /** @enum {string} */
      status: 'awaiting-approval' | 'scheduled' | 'approved' | 'writing' | 'ready' | 'received' | 'failed' | 'expired' | 'refused' | 'cancelled';
      /** @description ISO 8601 date-time */
      requestedAt: string;
      patientsWritten: number;
      /** @description ISO 8601 date-time */
      readyAt: string | null;
      /** @description ISO 8601 date-time */
      expiresAt: string | null;
      failure: string | null;
      decision: {
        by: string;
        /** @description ISO 8601 date-time */
        at: string;
        note: string;
      } | null;
      cancelledBecause: string | null;
      /** @description Two for a migration */
      approvalsNeeded: number;
      recipientKeyFingerprint: string | null;
      window: {
        /** @description ISO 8601 date-time */
        start: string;
        /** @description ISO 8601 date-time */
        end: string;
      } | null;
      /** @description ISO 8601 date-time */
      receivedAt: string | null;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
