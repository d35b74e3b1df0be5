// The one storage account: the host's own state (AzureWebJobsStorage), the deployment package, the app's containers,
// tables and queues. Shared-key access is off, so no connection string or SAS signed with an account key can exist;
// every caller (the app, the host, a contact center's uploader) authenticates with Microsoft Entra ID.
param name string
param location string
param tags object
param containers array
param tables array
param queues array
param deploymentContainerName string
param systemTopicName string

@description('Days a recording is kept; it moves to the cool tier after 30 days.')
param recordingRetentionDays int

@description('Days soft-deleted blobs and containers can be restored.')
param softDeleteRetentionDays int = 14

@description('Days an overwritten or deleted export stays restorable as a previous version.')
param exportVersionRetentionDays int = 365

// Versioning is an account-wide switch; it is there for exports. Elsewhere blobs are written once, and a previous
// version (e.g. of a replaced deployment package) is removed after a week by the lifecycle policy below.
var versionedContainer = 'exports'
var briefVersionContainers = filter(union(containers, [deploymentContainerName]), c => c != versionedContainer)

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    isVersioningEnabled: true
    deleteRetentionPolicy: { enabled: true, days: softDeleteRetentionDays }
    containerDeleteRetentionPolicy: { enabled: true, days: softDeleteRetentionDays }
  }
}

resource appContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = [for container in union(containers, [deploymentContainerName]): {
  parent: blobService
  name: container
  properties: { publicAccess: 'None' }
}]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource appTables 'Microsoft.Storage/storageAccounts/tableServices/tables@2024-01-01' = [for table in tables: {
  parent: tableService
  name: table
}]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource appQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = [for queue in queues: {
  parent: queueService
  name: queue
}]

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'recordings-cool-then-delete'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: { blobTypes: ['blockBlob'], prefixMatch: ['recordings/'] }
            actions: {
              baseBlob: {
                tierToCool: { daysAfterModificationGreaterThan: 30 }
                delete: { daysAfterModificationGreaterThan: recordingRetentionDays }
              }
            }
          }
        }
        {
          name: 'exports-previous-versions'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: { blobTypes: ['blockBlob'], prefixMatch: ['${versionedContainer}/'] }
            actions: { version: { delete: { daysAfterCreationGreaterThan: exportVersionRetentionDays } } }
          }
        }
        {
          name: 'other-previous-versions'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: { blobTypes: ['blockBlob'], prefixMatch: [for c in briefVersionContainers: '${c}/'] }
            actions: { version: { delete: { daysAfterCreationGreaterThan: 7 } } }
          }
        }
      ]
    }
  }
  dependsOn: [appContainers]
}

// The ingestion functions are eventGridTriggers: this topic carries the account's blob events; the subscriptions that
// point at the functions are made after code is deployed (infra/event-subscriptions.bicep).
resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: systemTopicName
  location: location
  tags: tags
  properties: {
    source: account.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
output systemTopicName string = systemTopic.name
