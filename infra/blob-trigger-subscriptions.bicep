// Event Grid subscriptions that feed the blob-trigger functions on Flex Consumption ("source": "EventGrid" in their
// function.json). Deployed by infra/hooks/postdeploy.sh AFTER the code: the webhook URL carries the host's
// blobs_extension system key, which exists only once the function app has started with its blob triggers.
targetScope = 'resourceGroup'

param functionAppName string
param systemTopicName string

@description('One entry per blob-trigger function: [{ function, container, subjectEndsWith }] (built from the function.json files).')
param blobTriggers array

@description('Delivery attempts before Event Grid drops an event (the blob then waits for a replay, see the README).')
param maxDeliveryAttempts int = 30

resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

// The host's keys (Microsoft.Web/sites/host has no Bicep types: listKeys by resource id).
var blobsExtensionKey = listKeys('${site.id}/host/default', '2024-04-01').systemKeys.blobs_extension

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource subscriptions 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = [
  for trigger in blobTriggers: {
    parent: systemTopic
    name: toLower(trigger.function)
    properties: {
      destination: {
        endpointType: 'WebHook'
        properties: {
          endpointUrl: 'https://${site.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${trigger.function}&code=${blobsExtensionKey}'
          maxEventsPerBatch: 1
          preferredBatchSizeInKilobytes: 64
        }
      }
      eventDeliverySchema: 'EventGridSchema'
      filter: {
        includedEventTypes: ['Microsoft.Storage.BlobCreated']
        subjectBeginsWith: '/blobServices/default/containers/${trigger.container}/'
        subjectEndsWith: trigger.?subjectEndsWith ?? ''
      }
      retryPolicy: {
        maxDeliveryAttempts: maxDeliveryAttempts
        eventTimeToLiveInMinutes: 1440
      }
    }
  }
]

output subscriptionNames array = [for (trigger, i) in blobTriggers: subscriptions[i].name]
