/** core/v1 Event: selected by its involved object, reason, source and type besides metadata. */
import type { KindStrategy } from '../registry/types.js';
import { eventFieldSet } from '../selectors/fieldsets.js';

export const eventStrategy: KindStrategy = { fields: eventFieldSet };
