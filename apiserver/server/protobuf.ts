/** kubectl's protobuf bodies (create namespace, role(binding)s, auth can-i [--list]) decoded to JSON, errors as Status. */
import { ApiError } from '../errors/status.js';
import { decodeProtobufObject, ProtobufDecodeError } from '../protobuf/index.js';

export function decodeProtobufBody(body: Buffer): unknown {
  try {
    return decodeProtobufObject(body);
  } catch (err) {
    if (err instanceof ProtobufDecodeError) throw new ApiError(err.code, err.reason, err.message);
    throw err;
  }
}
