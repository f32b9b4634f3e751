-- The ids of an acknowledging client's messages, which it sends back in ?ack=: each one it can
-- send (1 to 128 visible ASCII characters), distinct for distinct messages, and the same each time
-- a message is handed out again. A message's id is its "id" field when that is such a string
-- (longpoll writes one into every message it queues; QueuedMessage reads ids alike). An entry
-- without one (written by a reference server, or with an id of another kind) is known by the
-- SHA-1 of its text, and gets an id of its own, written into it, when first handed out: two such
-- entries may be identical. Put before the scripts that hand messages out.

-- The entry's own id, or nil. longpoll's entries end with theirs: read without decoding.
local function own_id(entry)
  local id = entry:match(',"id":"([%w%-]+)"}$')
  if id and #id <= 128 then
    return id
  end
  local ok, decoded = pcall(cjson.decode, entry)
  if ok and type(decoded) == 'table' and type(decoded.id) == 'string' and #decoded.id >= 1
      and #decoded.id <= 128 and not decoded.id:find('[^!-~]') then
    return decoded.id
  end
  return nil
end

local function id_of(entry)
  return own_id(entry) or redis.sha1hex(entry)
end

-- The head of the in-flight list, as much of it as one answer carries (see batch.lua), as the
-- client gets it: a message without an id of its own gets one now, unique to this hand-out
-- (`handout`, the client's count of hand-outs) and its place in it, added as the entry's last
-- field (of two, the last one counts).
local function hand_out(in_flight_key, most, bytes, handout)
  local head = redis.call('LRANGE', in_flight_key, 0, most - 1)
  local entries = {unpack(head, 1, fitting(head, bytes, 0))}
  for i, entry in ipairs(entries) do
    if not own_id(entry) then
      local ok, decoded = pcall(cjson.decode, entry)
      if ok and type(decoded) == 'table' and decoded.message ~= nil and decoded.message ~= cjson.null then
        local id = redis.sha1hex(entry .. '\n' .. handout .. '.' .. i)
        local closing = entry:match('^.*()}')
        entries[i] = entry:sub(1, closing - 1) .. ',"id":"' .. id .. '"' .. entry:sub(closing)
        redis.call('LSET', in_flight_key, i - 1, entries[i])
      end
    end
  end
  return entries
end
