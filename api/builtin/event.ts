/** core/v1 Event (namespaced, short name `ev`), served from code: what controllers report about objects. */
import { Type } from '@sinclair/typebox';
import { defineCRD } from '../definition.js';
import { Int32, Timestamp, TypeMetaProperties, type KindType } from '../schema.js';
import { ObjectReferenceSchema } from './common.js';

export const EventSchema = Type.Object(
  {
    ...TypeMetaProperties,
    involvedObject: ObjectReferenceSchema,
    reason: Type.Optional(Type.String({ description: 'Short, machine-understandable CamelCase reason.' })),
    message: Type.Optional(Type.String({ description: 'Human-readable description of what happened.' })),
    source: Type.Optional(
      Type.Object(
        {
          component: Type.Optional(Type.String({ description: 'Component that reported the event.' })),
          host: Type.Optional(Type.String({ description: 'Host the event was generated on.' })),
        },
        { description: 'Component reporting the event.' },
      ),
    ),
    type: Type.Optional(Type.String({ description: 'Normal or Warning.' })),
    count: Type.Optional(Int32({ description: 'Number of times the event has occurred.' })),
    firstTimestamp: Type.Optional(Timestamp('When the event was first recorded.')),
    lastTimestamp: Type.Optional(Timestamp('When the event most recently occurred.')),
    eventTime: Type.Optional(Timestamp('When the event was first observed, in microseconds.')),
    series: Type.Optional(
      Type.Object(
        {
          count: Type.Optional(Int32({ description: 'Occurrences in the series up to the last heartbeat.' })),
          lastObservedTime: Type.Optional(Timestamp('Time of the last occurrence observed.')),
        },
        { description: 'Data about the series of events this one belongs to, if any.' },
      ),
    ),
    action: Type.Optional(Type.String({ description: 'What action was taken or failed on the object.' })),
    related: Type.Optional(
      Type.Object(ObjectReferenceSchema.properties, {
        description: 'Secondary object for more complex actions.',
      }),
    ),
    reportingComponent: Type.Optional(Type.String({ description: 'Controller that emitted the event.' })),
    reportingInstance: Type.Optional(Type.String({ description: 'ID of the controller instance.' })),
  },
  { description: 'Event is a report of something that happened to an object.' },
);

export type CoreEvent = KindType<typeof EventSchema>;

export const eventDefinition = defineCRD({
  group: '',
  version: 'v1',
  kind: 'Event',
  plural: 'events',
  shortNames: ['ev'],
  scope: 'Namespaced',
  schema: EventSchema,
  printerColumns: [
    { name: 'Last Seen', type: 'date', jsonPath: '.lastTimestamp' },
    { name: 'Type', type: 'string', jsonPath: '.type' },
    { name: 'Reason', type: 'string', jsonPath: '.reason' },
    { name: 'Kind', type: 'string', jsonPath: '.involvedObject.kind' },
    { name: 'Object', type: 'string', jsonPath: '.involvedObject.name' },
    { name: 'Subobject', type: 'string', priority: 1, jsonPath: '.involvedObject.fieldPath' },
    { name: 'Source', type: 'string', priority: 1, jsonPath: '.source.component' },
    { name: 'Message', type: 'string', jsonPath: '.message' },
    { name: 'First Seen', type: 'date', priority: 1, jsonPath: '.firstTimestamp' },
    { name: 'Count', type: 'integer', priority: 1, jsonPath: '.count' },
  ],
});
