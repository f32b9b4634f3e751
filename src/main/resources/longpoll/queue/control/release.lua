-- The node saw a poll's client leave: the poll steps down and its pop, if it blocks on its wake
-- key (plain polls), is woken at once.
-- KEYS[1]  the client's poller, poller:{messages:<clientId>}
-- KEYS[2]  the poll's wake key
-- ARGV[1]  seconds until the wake key expires
step_down(KEYS[1], KEYS[2])
redis.call('RPUSH', KEYS[2], 'released')
redis.call('EXPIRE', KEYS[2], ARGV[1])
return 1
