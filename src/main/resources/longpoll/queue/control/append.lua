-- Appends one message to a client's list: within the list's limit, and at most once per
-- idempotency key, so that a sender retrying after a lost answer gets the first id back.
-- KEYS[1]  the client's list, messages:<clientId>
-- KEYS[2]  (optional) the idempotency record, idempotency:{messages:<clientId>}:<key>
-- ARGV[1]  the entry (JSON: to, message, id)
-- ARGV[2]  its id
-- ARGV[3]  the list's limit
-- ARGV[4]  seconds until an untouched list expires
-- ARGV[5]  seconds an idempotency record is kept
-- Returns {1, id} when queued, {0, first id} when the key was seen before, {-1, ''} when full.
if KEYS[2] then
  local first = redis.call('GET', KEYS[2])
  if first then
    return {0, first}
  end
end
if redis.call('LLEN', KEYS[1]) >= tonumber(ARGV[3]) then
  return {-1, ''}
end
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[4])
if KEYS[2] then
  redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[5])
end
return {1, ARGV[2]}
