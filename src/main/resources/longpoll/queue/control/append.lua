-- Appends messages to one client's list, in order: each within the list's limit, and at most
-- once per idempotency key, so that a sender retrying after a lost answer gets the first id back.
-- A key is remembered with the fingerprint of its message: the same key with another message is
-- a sender's mistake, refused rather than answered with the first message's id.
-- One call per client and batch: the client's keys share one cluster slot, and its order holds.
-- KEYS[1]    the client's list, messages:<clientId>
-- KEYS[2]    the client's poller, poller:{messages:<clientId>} (see poller.lua)
-- KEYS[2+i]  (optional) the i-th message's idempotency record, idempotency:{messages:<clientId>}:<scope>
-- ARGV[1]    the list's limit
-- ARGV[2]    seconds until an untouched list expires
-- ARGV[3]    seconds an idempotency record is kept
-- ARGV[4]    seconds until a node's wake list expires, when this script wakes the poller's node
--            itself; '' in a Cluster, where that list may live on another master: the caller wakes it
-- ARGV[2+3i], ARGV[3+3i], ARGV[4+3i]  the i-th message's entry (JSON: to, message, id), its id,
--            and its fingerprint ('' without a key)
-- Returns {poller, outcome 1, id 1, outcome 2, id 2, ...}: poller is the name of the client's
-- poll waiting on any node (see poller.lua), or '' when none waits; an
-- outcome is 1 when queued, 0 when its key was seen before with the same message (the id is the
-- first send's), -1 when the list was full, -2 when its key was seen with another message (no id
-- for either).
-- A record holds '<id> <fingerprint>'.
local poller = redis.call('GET', KEYS[2]) or ''
local limit = tonumber(ARGV[1])
local length = redis.call('LLEN', KEYS[1])
local answer = {poller}
local queued = false
for i = 1, (#ARGV - 4) / 3 do
  local entry, id, fingerprint, record = ARGV[2 + 3 * i], ARGV[3 + 3 * i], ARGV[4 + 3 * i], KEYS[2 + i]
  local first = record and redis.call('GET', record)
  local first_id, first_fingerprint = (first or ''):match('^(%S+) (%S+)$')
  if first and first_fingerprint ~= fingerprint then
    table.insert(answer, -2)
    table.insert(answer, '')
  elseif first then
    -- A write, so that a WAIT for replicas after this retry also covers the first send's write.
    redis.call('EXPIRE', record, ARGV[3])
    table.insert(answer, 0)
    table.insert(answer, first_id)
  elseif length >= limit then
    table.insert(answer, -1)
    table.insert(answer, '')
  else
    length = redis.call('RPUSH', KEYS[1], entry)
    queued = true
    if record then
      redis.call('SET', record, id .. ' ' .. fingerprint, 'EX', ARGV[3])
    end
    table.insert(answer, 1)
    table.insert(answer, id)
  end
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
-- The poller's node is woken in the same round trip: its wake list is a key no caller can name
-- beforehand, which a single server (or Sentinel's master) lets a script write all the same.
local node, number = poller:match('^(%S+) (%d+)$')
if queued and node and ARGV[4] ~= '' then
  redis.call('RPUSH', 'wake:' .. node, number)
  redis.call('EXPIRE', 'wake:' .. node, ARGV[4])
end
return answer
