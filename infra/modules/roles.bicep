// Least-privilege data-plane roles of the app's identity, each scoped to the one resource it is for, and the
// contact centers' upload grants. Role definition ids are built-in and the same in every tenant.
param principalId string
param storageAccountName string
param serviceBusNamespaceName string
param openAiAccountName string
param applicationInsightsName string

@description('[{ principalId, center, principalType? }]: who may upload recordings and call records for a center.')
param recordingUploaders array

var roleIds = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // host state, deployment package, recordings, user delegation SAS
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // blob trigger poison queue, AI work queues
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // the app's tables
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0' // serviceBusTrigger (AssignInspector, dead-letter recorder)
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39' // serviceBus output (DailySampling)
  cognitiveServicesOpenAiUser: '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd' // transcription and chat calls
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb' // telemetry with Entra auth (local auth is off)
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe' // a contact center's uploader, per container
}

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'
  }
}

resource serviceBus 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

resource openAi 'Microsoft.CognitiveServices/accounts@2024-10-01' existing = {
  name: openAiAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [
    roleIds.storageBlobDataOwner
    roleIds.storageQueueDataContributor
    roleIds.storageTableDataContributor
  ]: {
    name: guid(storage.id, principalId, role)
    scope: storage
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    }
  }
]

resource serviceBusRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [
    roleIds.serviceBusDataReceiver
    roleIds.serviceBusDataSender
  ]: {
    name: guid(serviceBus.id, principalId, role)
    scope: serviceBus
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    }
  }
]

resource openAiRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(openAi.id, principalId, roleIds.cognitiveServicesOpenAiUser)
  scope: openAi
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.cognitiveServicesOpenAiUser)
  }
}

resource telemetryRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, principalId, roleIds.monitoringMetricsPublisher)
  scope: applicationInsights
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.monitoringMetricsPublisher)
  }
}

// A contact center's uploader writes (and lists, to resume) only under its own center's folder: an ABAC condition
// on Storage Blob Data Contributor, scoped to the container. One leaked uploader secret then exposes one center.
var uploadContainerNames = ['recordings', 'call-records']

resource uploadContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' existing = [
  for container in uploadContainerNames: {
    parent: storage::blobService
    name: container
  }
]

var uploadGrants = flatten(map(recordingUploaders, uploader => map(range(0, length(uploadContainerNames)), i => {
  principalId: uploader.principalId
  principalType: uploader.?principalType ?? 'ServicePrincipal'
  center: uploader.center
  containerIndex: i
})))

// Reads, writes and deletes of blobs must be under "{center}/"; a listing must ask for that prefix.
var centerCondition = '''
(
 (
  !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'} AND NOT SubOperationMatches{'Blob.List'})
  AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'})
  AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'})
  AND !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete'})
 )
 OR
 (
  @Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringStartsWith '{center}/'
 )
)
AND
(
 (
  !(ActionMatches{'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'} AND SubOperationMatches{'Blob.List'})
 )
 OR
 (
  @Request[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:prefix] StringStartsWith '{center}/'
 )
)
'''

resource uploaderRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for grant in uploadGrants: {
    name: guid(uploadContainers[grant.containerIndex].id, grant.principalId, roleIds.storageBlobDataContributor)
    scope: uploadContainers[grant.containerIndex]
    properties: {
      principalId: grant.principalId
      principalType: grant.principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataContributor)
      description: 'Uploads for center ${grant.center}'
      conditionVersion: '2.0'
      condition: replace(centerCondition, '{center}', grant.center)
    }
  }
]
