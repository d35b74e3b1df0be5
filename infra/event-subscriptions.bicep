// Event Grid subscriptions that feed the eventGridTrigger functions (IngestCallRecord, IngestCallBatch) with the storage
// account's BlobCreated events: a notification with the blob's URL, never its content. Deployed by
// infra/hooks/postdeploy.sh AFTER the code: the webhook URL carries the host's eventgrid_extension system key, which
// exists only once the function app has started with its Event Grid triggers.
targetScope = 'resourceGroup'

param functionAppName string
param systemTopicName string

@description('One entry per eventGridTrigger function: [{ function, subjectBeginsWith, subjectEndsWith }] (from the function.json files).')
param eventTriggers array

@description('Delivery attempts before Event Grid gives up on an event (the file then has a failed record or none was needed, see docs/architecture.md).')
param maxDeliveryAttempts int = 30

resource site 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

// The host's keys (Microsoft.Web/sites/host has no Bicep types: listKeys by resource id).
var eventGridKey = listKeys('${site.id}/host/default', '2024-04-01').systemKeys.eventgrid_extension

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource subscriptions 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = [
  for trigger in eventTriggers: {
    parent: systemTopic
    name: toLower(trigger.function)
    properties: {
      destination: {
        endpointType: 'WebHook'
        properties: {
          // The Event Grid extension's webhook: the function by its plain name (not Host.Functions.<name>).
          endpointUrl: 'https://${site.properties.defaultHostName}/runtime/webhooks/eventgrid?functionName=${trigger.function}&code=${eventGridKey}'
          maxEventsPerBatch: 1
          preferredBatchSizeInKilobytes: 64
        }
      }
      eventDeliverySchema: 'EventGridSchema'
      filter: {
        includedEventTypes: ['Microsoft.Storage.BlobCreated']
        subjectBeginsWith: trigger.subjectBeginsWith
        subjectEndsWith: trigger.?subjectEndsWith ?? ''
      }
      retryPolicy: {
        maxDeliveryAttempts: maxDeliveryAttempts
        eventTimeToLiveInMinutes: 1440
      }
    }
  }
]

output subscriptionNames array = [for (trigger, i) in eventTriggers: subscriptions[i].name]
