/**
 * The read-only side of the ECS client. `preview` is given a `ReadOnlyClient` and nothing else: it can send GET
 * requests only, so no prediction can change the cloud, whatever the plan holds.
 */
import type { QueryPair } from '../../signing';
import { ApiClient, type ApiClientOptions, type ApiResponse } from './api-client';

/** What reads need from a client: the project, and GET. `ApiClient` and `ReadOnlyClient` both are one. */
export interface ReadClient {
  /** The project the client works in, as it appears in URL paths. */
  readonly projectId: string;
  /** Sends `GET path`, retrying as the retry options allow. */
  get(path: string, query?: readonly QueryPair[]): Promise<ApiResponse>;
}

/** A client that can only read: the signed client held in a private field, reached through `get` alone. */
export class ReadOnlyClient implements ReadClient {
  readonly #client: ApiClient;

  constructor(options: ApiClientOptions) {
    this.#client = new ApiClient(options);
  }

  get projectId(): string {
    return this.#client.projectId;
  }

  get(path: string, query?: readonly QueryPair[]): Promise<ApiResponse> {
    return this.#client.get(path, query);
  }

  /** Releases the kept-alive connections. */
  close(): void {
    this.#client.close();
  }
}
