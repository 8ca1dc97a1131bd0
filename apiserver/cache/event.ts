/**
 * A change to one object, shared by every watcher of its resource. What watchers need from it is
 * made at most once and only when first asked for: the decoded object (frozen: watchers and
 * in-process followers read it, never write it), the decoded previous state (for selectors that
 * must see whether an update left them), one watch event per type, and the encoded bytes of each
 * watch-event encoding (see `frame`). Every watcher whose filter matches gets the same event
 * object and the same bytes; its own work is the filter and a queue push.
 * `release` drops what was made (the ring keeps events for up to 75 s; it holds their text only,
 * or on a keeper of locations not even that).
 */
import type { KubeObject, WatchEvent } from '../../api/meta.js';
import type { Entry } from './entry.js';

export type CacheEventType = 'create' | 'update' | 'delete';
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** How events become objects and bytes; an object so tests can count its calls. */
export const eventCodec = {
  decode: (json: string): KubeObject => JSON.parse(json) as KubeObject,
  encode: (text: string): Buffer => Buffer.from(text, 'utf8'),
};

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

interface Made {
  object?: KubeObject;
  prev?: KubeObject;
  /** delete: the text of `object` (its resourceVersion is the delete's revision) */
  deletedJson?: string;
  events?: Map<WatchEventType, SharedEvent>;
  frames?: Map<string, Buffer>;
}

export class CacheEvent {
  private made: Made = {};
  private current: Entry;
  /** the entry its resource held for the object until this change (the keeper's, not the event's) */
  replaced: Entry | undefined;
  /**
   * The resource's own entry of `entry`'s version (the keeper's: on a keeper of locations, where
   * the text is, not the text): the event holds it instead once released.
   */
  kept: Entry | undefined;

  constructor(
    readonly type: CacheEventType,
    readonly rev: number,
    entry: Entry,
    /** update: the state before */
    readonly prev?: Entry,
  ) {
    this.current = entry;
  }

  /** create/update: the new state; delete: the state just before the delete */
  get entry(): Entry {
    return this.current;
  }

  /** The object as its watchers see it (delete: the last state at the delete's revision). */
  object(): KubeObject {
    if (this.made.object) return this.made.object;
    const obj = eventCodec.decode(this.entry.json);
    if (this.type === 'delete') obj.metadata.resourceVersion = String(this.rev);
    return (this.made.object = deepFreeze(obj));
  }

  /** update: the state before, decoded once; undefined for create and delete. */
  prevObject(): KubeObject | undefined {
    if (!this.prev) return undefined;
    return (this.made.prev ??= deepFreeze(eventCodec.decode(this.prev.json)));
  }

  /** The JSON text of object(). */
  json(): string {
    if (this.type !== 'delete') return this.entry.json;
    return (this.made.deletedJson ??= JSON.stringify(this.object()));
  }

  /** The watch event of this type, one object for every watcher that gets it. */
  as(type: WatchEventType): SharedEvent {
    const events = (this.made.events ??= new Map());
    let ev = events.get(type);
    if (!ev) events.set(type, (ev = new SharedEvent(type, this)));
    return ev;
  }

  /** The bytes stored under key, made by make() the first time. */
  frame(key: string, make: () => string): Buffer {
    const frames = (this.made.frames ??= new Map());
    let b = frames.get(key);
    if (!b) frames.set(key, (b = eventCodec.encode(make())));
    return b;
  }

  /**
   * Forget the decoded objects and bytes (they are made again if asked for), and the text when
   * the resource's entry of the same version says where it is.
   */
  release(): void {
    this.made = {};
    if (this.kept) this.current = this.kept;
    this.kept = undefined;
  }
}

/** A watch event of the cache: the object is decoded on first access, shared and frozen. */
export class SharedEvent implements WatchEvent<KubeObject> {
  constructor(
    readonly type: WatchEventType,
    private readonly source: CacheEvent,
  ) {}

  get object(): KubeObject {
    return this.source.object();
  }

  /** The object's JSON text (JSON.stringify(object)). */
  get raw(): string {
    return this.source.json();
  }

  /** The object's resourceVersion, without decoding it. */
  get resourceVersion(): string {
    return String(this.source.type === 'delete' ? this.source.rev : this.source.entry.rev);
  }

  /** This event encoded one way (key names the encoding), made once for every watcher. */
  frame(key: string, make: (ev: SharedEvent) => string): Buffer {
    return this.source.frame(`${this.type} ${key}`, () => make(this));
  }
}

/** The event as a line of a JSON watch stream, shared by every JSON watcher. */
export function jsonFrame(ev: SharedEvent): Buffer {
  return ev.frame('json', (e) => `{"type":"${e.type}","object":${e.raw}}\n`);
}
