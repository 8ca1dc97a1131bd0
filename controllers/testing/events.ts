/** An EventSink that keeps what it was told, for reconcile tests. */
import type { KubeObject } from '../../api/meta.js';
import type { EventType } from '../runtime/events.js';
import type { EventSink } from '../types.js';

export interface RecordedEvent {
  readonly object: string;
  readonly type: EventType;
  readonly reason: string;
  readonly message: string;
}

export class RecordingEvents implements EventSink {
  readonly events: RecordedEvent[] = [];

  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    const name = obj.metadata.name ?? '';
    this.events.push({
      object: obj.metadata.namespace ? `${obj.metadata.namespace}/${name}` : name,
      type,
      reason,
      message,
    });
  }

  /** Reasons recorded since the last call (and clears them). */
  take(): string[] {
    return this.events.splice(0).map((e) => e.reason);
  }
}
