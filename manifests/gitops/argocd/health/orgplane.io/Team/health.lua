-- Argo CD health of an orgplane.io Team (Lua 5.1, as Argo CD runs it).
-- Deleting: Progressing. Not yet observed (no status.observedGeneration or one below
-- metadata.generation): Progressing. Ready True: Healthy. Ready False while its namespace is being
-- created or recreated (NamespaceMissing, NamespaceTerminating) or Unknown: Progressing; any other
-- Ready False: Degraded. Messages come from the Ready condition.
local hs = {}

local ready = nil
if obj.status ~= nil and obj.status.conditions ~= nil then
  for _, c in ipairs(obj.status.conditions) do
    if c.type == "Ready" then ready = c end
  end
end

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
  hs.message = "Waiting for the team controller"
  return hs
end
if generation ~= nil and observed < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the team controller to observe generation " .. string.format("%d", generation)
  return hs
end

hs.message = ready.message or ""
if ready.status == "True" then
  hs.status = "Healthy"
elseif ready.status == "False" and ready.reason ~= "NamespaceMissing" and ready.reason ~= "NamespaceTerminating" then
  hs.status = "Degraded"
else
  hs.status = "Progressing"
end
return hs
