-- Appends one message to a client's list: within the list's limit, and at most once per
-- idempotency key, so that a sender retrying after a lost answer gets the first id back.
-- KEYS[1]  the client's list, messages:<clientId>
-- KEYS[2]  the client's count of waiting polls, presence:{messages:<clientId>}
-- KEYS[3]  (optional) the idempotency record, idempotency:{messages:<clientId>}:<key>
-- ARGV[1]  the entry (JSON: to, message, id)
-- ARGV[2]  its id
-- ARGV[3]  the list's limit
-- ARGV[4]  seconds until an untouched list expires
-- ARGV[5]  seconds an idempotency record is kept
-- Returns {1, id, waiting} when queued, {0, first id, waiting} when the key was seen before,
-- {-1, '', waiting} when full; waiting is 1 when a poll of the client waits on any node.
local waiting = tonumber(redis.call('GET', KEYS[2]) or '0') > 0 and 1 or 0
if KEYS[3] then
  local first = redis.call('GET', KEYS[3])
  if first then
    -- A write, so that a WAIT for replicas after this retry also covers the first send's write.
    redis.call('EXPIRE', KEYS[3], ARGV[5])
    return {0, first, waiting}
  end
end
if redis.call('LLEN', KEYS[1]) >= tonumber(ARGV[3]) then
  return {-1, '', waiting}
end
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[4])
if KEYS[3] then
  redis.call('SET', KEYS[3], ARGV[2], 'EX', ARGV[5])
end
return {1, ARGV[2], waiting}
