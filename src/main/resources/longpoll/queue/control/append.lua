-- Appends messages to one client's list, in order: each within the list's limit, and at most
-- once per idempotency key, so that a sender retrying after a lost answer gets the first id back.
-- One call per client and batch: the client's keys share one cluster slot, and its order holds.
-- KEYS[1]    the client's list, messages:<clientId>
-- KEYS[2]    the client's poller, poller:{messages:<clientId>} (see poller.lua)
-- KEYS[2+i]  (optional) the i-th message's idempotency record, idempotency:{messages:<clientId>}:<key>
-- ARGV[1]    the list's limit
-- ARGV[2]    seconds until an untouched list expires
-- ARGV[3]    seconds an idempotency record is kept
-- ARGV[2+2i], ARGV[3+2i]  the i-th message's entry (JSON: to, message, id) and its id
-- Returns {waiting, outcome 1, id 1, outcome 2, id 2, ...}: waiting is 1 when a poll of the
-- client waits on any node; an outcome is 1 when queued, 0 when its key was seen before (the id
-- is the first send's), -1 when the list was full (no id).
local waiting = redis.call('EXISTS', KEYS[2])
local limit = tonumber(ARGV[1])
local length = redis.call('LLEN', KEYS[1])
local answer = {waiting}
for i = 1, (#ARGV - 3) / 2 do
  local entry, id, record = ARGV[2 + 2 * i], ARGV[3 + 2 * i], KEYS[2 + i]
  local first = record and redis.call('GET', record)
  if first then
    -- A write, so that a WAIT for replicas after this retry also covers the first send's write.
    redis.call('EXPIRE', record, ARGV[3])
    table.insert(answer, 0)
    table.insert(answer, first)
  elseif length >= limit then
    table.insert(answer, -1)
    table.insert(answer, '')
  else
    length = redis.call('RPUSH', KEYS[1], entry)
    if record then
      redis.call('SET', record, id, 'EX', ARGV[3])
    end
    table.insert(answer, 1)
    table.insert(answer, id)
  end
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return answer
