-- Puts entries back at the head of a client's list, in their order, ahead of anything newer, and
-- keeps the list's expiry: a take that emptied the list deleted it, and a bare LPUSH would create
-- it again without one.
-- KEYS[1]     the client's list, messages:<clientId>
-- ARGV[1]     seconds until the list expires untouched
-- ARGV[2...]  the entries, oldest first
for i = #ARGV, 2, -1 do
  redis.call('LPUSH', KEYS[1], ARGV[i])
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return #ARGV - 1
