/**
 * SSO membership claims (DESIGN.md "SSO membership"): what a trusted OIDC issuer's token says
 * about the caller's organizations, carried in UserInfo.extra for the authorizer to evaluate per
 * request. Only the OIDC authenticator sets these keys.
 */
/** The values of the issuer's `organizationClaim` (organization ids at the identity provider). */
export const SSO_ORGANIZATIONS_EXTRA = 'orgplane.io/sso-organization-ids';
/** The token's `email`, present only when `email_verified` is true. */
export const SSO_VERIFIED_EMAIL_EXTRA = 'orgplane.io/sso-verified-email';
