/**
 * authorization.k8s.io/v1 SelfSubjectAccessReview, SelfSubjectRulesReview and SubjectAccessReview:
 * virtual kinds, create-only and never stored; the answer is the request with `status` filled in.
 */
import { Type } from '@sinclair/typebox';
import { defineCRD, type KindDefinition } from '../definition.js';
import { StringMap, TypeMetaProperties, type KindType } from '../schema.js';

export const AUTHORIZATION_GROUP = 'authorization.k8s.io';

const str = (description: string) => Type.Optional(Type.String({ description }));
const strs = (description: string) => Type.Optional(Type.Array(Type.String(), { description }));

export const ResourceAttributesSchema = Type.Object(
  {
    namespace: str('Namespace of the action; empty for cluster-scoped resources or all namespaces.'),
    verb: str("Kubernetes verb, e.g. get, list, create; '*' means all."),
    group: str("API group of the resource; '*' means all."),
    version: str("API version of the resource; '*' means all."),
    resource: str("Resource (plural); '*' means all."),
    subresource: str('Subresource, e.g. status; empty for the resource itself.'),
    name: str('Name of the object; empty means all.'),
  },
  { description: 'A resource request to check.' },
);

export const NonResourceAttributesSchema = Type.Object(
  {
    path: str('URL path of the request.'),
    verb: str('HTTP verb, lower case: get, post, ...'),
  },
  { description: 'A non-resource request (a URL path) to check.' },
);

export const AccessReviewStatusSchema = Type.Object(
  {
    allowed: Type.Boolean({ description: 'Whether the action is allowed.' }),
    denied: Type.Optional(Type.Boolean({ description: 'Whether the action is explicitly denied.' })),
    reason: str('Why the action is allowed or denied.'),
    evaluationError: str('Error while checking, if any; the answer may still be meaningful.'),
  },
  { description: 'The answer of the server.' },
);

const attributes = {
  resourceAttributes: Type.Optional(ResourceAttributesSchema),
  nonResourceAttributes: Type.Optional(NonResourceAttributesSchema),
};

export const SelfSubjectAccessReviewSchema = Type.Object(
  {
    ...TypeMetaProperties,
    spec: Type.Object(attributes, { description: 'The action to check; exactly one of the attributes.' }),
    status: Type.Optional(AccessReviewStatusSchema),
  },
  { description: 'SelfSubjectAccessReview asks whether the requesting user may perform an action.' },
);

export const SubjectAccessReviewSchema = Type.Object(
  {
    ...TypeMetaProperties,
    spec: Type.Object(
      {
        ...attributes,
        user: str('User to check for.'),
        groups: strs('Groups of the user.'),
        extra: Type.Optional(
          StringMap(Type.Array(Type.String()), { description: 'Extra attributes of the user.' }),
        ),
        uid: str('UID of the user.'),
      },
      { description: 'The action and the user to check; exactly one of the attributes.' },
    ),
    status: Type.Optional(AccessReviewStatusSchema),
  },
  { description: 'SubjectAccessReview asks whether a given user may perform an action.' },
);

const ruleFields = (extra: Record<string, ReturnType<typeof strs>>) =>
  Type.Object({ verbs: Type.Array(Type.String(), { description: 'Verbs allowed.' }), ...extra });

export const SelfSubjectRulesReviewSchema = Type.Object(
  {
    ...TypeMetaProperties,
    spec: Type.Object(
      { namespace: str('Namespace to list the rules in.') },
      { description: 'Where to list the rules.' },
    ),
    status: Type.Optional(
      Type.Object(
        {
          resourceRules: Type.Array(
            ruleFields({
              apiGroups: strs('API groups.'),
              resources: strs('Resources.'),
              resourceNames: strs('Object names; empty means all.'),
            }),
            { description: 'What the user may do with resources in the namespace.' },
          ),
          nonResourceRules: Type.Array(ruleFields({ nonResourceURLs: strs('URL paths.') }), {
            description: 'What the user may do with non-resource URLs.',
          }),
          incomplete: Type.Boolean({ description: 'Whether the list may be incomplete.' }),
          evaluationError: str('Error while listing the rules, if any.'),
        },
        { description: 'The rules of the requesting user.' },
      ),
    ),
  },
  { description: 'SelfSubjectRulesReview lists what the requesting user may do in a namespace.' },
);

export type SelfSubjectAccessReview = KindType<typeof SelfSubjectAccessReviewSchema>;
export type SubjectAccessReview = KindType<typeof SubjectAccessReviewSchema>;
export type SelfSubjectRulesReview = KindType<typeof SelfSubjectRulesReviewSchema>;

function review(kind: string, schema: KindDefinition['schema']): KindDefinition {
  return {
    group: AUTHORIZATION_GROUP,
    version: 'v1',
    kind,
    plural: `${kind.toLowerCase()}s`,
    scope: 'Cluster',
    schema,
    statusSubresource: false,
  };
}

export const selfSubjectAccessReviewDefinition = defineCRD(
  review('SelfSubjectAccessReview', SelfSubjectAccessReviewSchema),
);
export const selfSubjectRulesReviewDefinition = defineCRD(
  review('SelfSubjectRulesReview', SelfSubjectRulesReviewSchema),
);
export const subjectAccessReviewDefinition = defineCRD(
  review('SubjectAccessReview', SubjectAccessReviewSchema),
);
