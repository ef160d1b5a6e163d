/**
 * The fake server's workings: its threads, streams and credentials. Not for apps or their tests: use
 * {@link dev.threadline.testkit.FakeChatbotServer}. Nothing here is part of the public API; it changes in any
 * release without notice and is left out of the published Javadoc and of the API compatibility check.
 */
package dev.threadline.testkit.internal;
