/**
 * The SDK's own machinery: the engine, the wire codecs, the HTTP calls. Not for apps: nothing here is part
 * of the public API, it changes in any release without notice, and it is left out of the published Javadoc
 * and of the API compatibility check. Its classes are public only because the SDK's other packages and
 * modules (the stores, the testkit) use them. Marked so NullAway checks it like the public API.
 */
@NullMarked
package dev.threadline.internal;

import org.jspecify.annotations.NullMarked;
