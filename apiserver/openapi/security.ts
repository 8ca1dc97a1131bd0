/** The one authentication scheme both OpenAPI documents declare: a bearer token in Authorization. */
export const SECURITY_SCHEMES = {
  BearerToken: {
    type: 'apiKey',
    name: 'authorization',
    in: 'header',
    description: 'Bearer Token authentication',
  },
} as const;

/** The document-wide security requirement: every operation takes the bearer token. */
export const SECURITY = [{ BearerToken: [] }];
