/** What an error looks like to the caller. */
package longpoll.web.entity;
