//

export * from '../models/ErrorDetails.model';
export * from '../models/ErrorGroup.model';
export * from '../models/ErrorGroupListResponse.model';
export * from '../models/ErrorInstanceCount.model';
export * from '../models/ErrorResponse.model';
export * from '../models/ErrorResponseRequest.model';
export * from '../models/ErrorResponseResponse.model';
export * from '../models/ErrorStatus.model';
export * from '../models/ErrorSummary.model';
export * from '../models/HealthResponse.model';
export * from '../models/OccurrencePoint.model';
export * from '../models/OccurrencesResponse.model';
export * from '../models/OverviewResponse.model';
export * from '../models/OverviewRow.model';
export * from '../models/PeriskopSeverity.model';
export * from '../models/PushKeyCreated.model';
export * from '../models/PushKeyStatus.model';
export * from '../models/Sample.model';
export * from '../models/SampleError.model';
export * from '../models/SampleHttpContext.model';
export * from '../models/SerializedError.model';
export * from '../models/SeverityCounts.model';
export * from '../models/TargetHealth.model';
export * from '../models/TargetHealthListResponse.model';
export * from '../models/TargetOrigin.model';
