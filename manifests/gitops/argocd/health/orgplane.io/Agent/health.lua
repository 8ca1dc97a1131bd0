-- Argo CD health of an orgplane.io Agent (Lua 5.1, as Argo CD runs it).
-- Deleting: Progressing. Not yet observed (no status.observedGeneration or one below
-- metadata.generation): Progressing. Ready True: Healthy. Phase Suspended (its organization is
-- suspended or being deleted, or the agent is over the agents quota): Suspended. Ready False because
-- the organization is not active yet: Progressing; because a referenced Secret or ConfigMap key is
-- missing (ConfigNotFound), the organization does not exist, or any other reason: Degraded.
-- Ready Unknown: Progressing. Messages come from the Ready condition.
local hs = {}

local ready = nil
if obj.status ~= nil and obj.status.conditions ~= nil then
  for _, c in ipairs(obj.status.conditions) do
    if c.type == "Ready" then ready = c end
  end
end
local readyMessage = ""
if ready ~= nil and ready.message ~= nil then readyMessage = ready.message end

if obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  hs.message = "Pending deletion"
  return hs
end

local generation = obj.metadata.generation
local observed = nil
if obj.status ~= nil then observed = obj.status.observedGeneration end
if observed == nil or ready == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the agent controller"
  return hs
end
if generation ~= nil and observed < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the agent controller to observe generation " .. string.format("%d", generation)
  return hs
end

hs.message = readyMessage
if ready.status == "True" then
  hs.status = "Healthy"
elseif obj.status.phase == "Suspended" then
  hs.status = "Suspended"
elseif ready.status == "Unknown" or ready.reason == "OrganizationNotReady" then
  hs.status = "Progressing"
else
  hs.status = "Degraded"
end
return hs
