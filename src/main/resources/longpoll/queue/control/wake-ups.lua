-- Takes the wake-ups waiting on a node's wake list, oldest first, in the round trip of its takes
-- (see take.lua): under load, the node's wait needs no other call to find its next wake-ups.
-- KEYS[1]  the node's wake list, wake:<node>
-- ARGV[1]  the most to take
-- Returns the polls' numbers.
return redis.call('LPOP', KEYS[1], ARGV[1]) or {}
