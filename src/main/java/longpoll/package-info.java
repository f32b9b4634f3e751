/**
 * longpoll: server-to-client messages over plain HTTP long-polls, queued in Redis.
 *
 * <p>A message's path: {@code send.boundary.SendResource} parses it, {@code send.control.Sender}
 * appends it to the client's Redis list ({@code queue.control.MessageQueue}) and wakes the node
 * where its poll waits; that node's one wait ({@code poll.control.NodeWait}) takes it and hands
 * it to the held response ({@code poll.control.HeldPoll}).
 */
package longpoll;
