import { Type } from '@sinclair/typebox';
import { STAFF_ROLES } from '../../domain/roles.ts';
import { Body, Instant, Nullable, OneOf, Patterned, Uuid } from './common.ts';

/** Account administration, staff teams, the rights review and one's own password (admin-routes.ts). */
const Username = Patterned('^[a-z0-9][a-z0-9._-]{2,63}$', '3 to 64 characters: lower-case letters, digits, dot, underscore or hyphen');
const StaffRole = OneOf(STAFF_ROLES, 'A staff role (a patient account belongs to its record)');
const Detachable = (what: string) => Type.Optional(Nullable(Uuid(`The ${what}'s id; null detaches`)));

export const NewAccount = Body({
  username: Username(),
  role: StaffRole,
  establishmentId: Type.Optional(Uuid('The establishment')),
  unitId: Type.Optional(Uuid('The care unit')),
  practitionerId: Type.Optional(Uuid('The Practitioner the account signs as')),
});
export const AccountChange = Body(
  { role: Type.Optional(StaffRole), establishmentId: Detachable('establishment'), unitId: Detachable('care unit'), practitionerId: Detachable('Practitioner') },
  'What changes; absent fields stay as they are',
);
export const NewTeam = Body({
  name: Type.String({ maxLength: 200 }),
  establishmentId: Uuid('The establishment'),
  unitId: Type.Optional(Nullable(Uuid('The care unit'))),
});
export const TeamChange = Body({ name: Type.Optional(Type.String({ maxLength: 200 })), unitId: Detachable('care unit') });
export const NewMember = Body({ accountId: Uuid('The account to add') });
export const MemberParams = Type.Object({ id: Uuid('The team'), accountId: Uuid('The member') }, { additionalProperties: false });
export const ReviewQuery = Type.Object({ establishment: Type.Optional(Uuid('One establishment only')) }, { additionalProperties: false });
export const PasswordChange = Body({ currentPassword: Type.String(), newPassword: Type.String() });

export const Account = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    role: Type.String(),
    status: OneOf(['active', 'suspended', 'contained', 'pending']),
    establishmentId: Nullable(Type.String()),
    unitId: Nullable(Type.String()),
    practitionerId: Nullable(Type.String()),
    createdAt: Instant,
  },
  { $id: 'Account' },
);
export const AccountRequest = Type.Object(
  {
    id: Type.String(),
    kind: OneOf(['create', 'change', 'enable', 'activation']),
    accountId: Type.String(),
    username: Type.String(),
    role: Type.String(),
    establishmentId: Nullable(Type.String()),
    unitId: Nullable(Type.String()),
    practitionerId: Nullable(Type.String()),
    requestedBy: Type.String(),
    requestedAt: Instant,
    expiresAt: Instant,
  },
  { $id: 'AccountRequest' },
);
export const RequestedAccount = Type.Object({ account: Account, request: AccountRequest });
export const LockoutReset = Type.Object({ account: Account, hadFailures: Type.Boolean() });
export const AccountRequests = Type.Object({ requests: Type.Array(Type.Composite([AccountRequest, Type.Object({ reach: Type.Number() })])) });
export const Decided = Type.Object({
  request: AccountRequest,
  account: Account,
  reach: Type.Number({ description: "Patients the account's care relationships reach today" }),
  activation: Type.Optional(
    Type.Object(
      { code: Type.String(), expiresAt: Instant, url: Type.Optional(Type.String()), letterPdf: Type.Optional(Type.String({ description: 'base64' })) },
      { description: 'For a new account or a new code: shown once, to hand over' },
    ),
  ),
});

export const Team = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    establishmentId: Type.String(),
    unitId: Nullable(Type.String()),
    status: OneOf(['active', 'disabled']),
    members: Type.Array(Type.Object({ accountId: Type.String(), username: Type.String(), role: Type.String() })),
  },
  { $id: 'Team' },
);
export const Teams = Type.Object({ teams: Type.Array(Team) });

export const RightsReview = Type.Object({
  generatedAt: Instant,
  dormantDays: Type.Number(),
  establishments: Type.Array(
    Type.Object({
      id: Nullable(Type.String()),
      name: Type.String(),
      accounts: Type.Array(
        Type.Object({
          id: Type.String(),
          username: Type.String(),
          role: Type.String(),
          unitId: Nullable(Type.String()),
          unitName: Nullable(Type.String()),
          status: Type.String(),
          createdAt: Instant,
          lastLoginAt: Nullable(Instant),
          currentCareRelationships: Type.Number(),
          breakGlassLast90Days: Type.Number(),
          dormant: Type.Boolean(),
        }),
      ),
    }),
  ),
});
