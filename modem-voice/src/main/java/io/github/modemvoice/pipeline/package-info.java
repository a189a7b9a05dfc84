/**
 * What happens after a voicemail message is safely stored: transcription
 * ({@link io.github.modemvoice.pipeline.Transcriber} with a local-program and an
 * OpenAI-compatible adapter), team notification ({@link io.github.modemvoice.pipeline.Notifier}
 * with a signed generic webhook and a Slack adapter), durable delivery through an on-disk
 * {@link io.github.modemvoice.pipeline.Outbox}, the asynchronous
 * {@link io.github.modemvoice.pipeline.MessagePipeline} tying them together, and
 * {@link io.github.modemvoice.pipeline.JdbcMessageStore}, the message store for any JDBC database.
 *
 * <p>Nothing here runs on a caller's line: the pipeline starts after
 * {@link io.github.modemvoice.voicemail.MessageStore#store} has returned, and its failures are
 * recorded in the message's metadata or the outbox, never thrown into the call.
 */
package io.github.modemvoice.pipeline;
