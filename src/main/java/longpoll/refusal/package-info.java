/** Requests the service refuses, and why, known to every component without any HTTP. */
package longpoll.refusal;
