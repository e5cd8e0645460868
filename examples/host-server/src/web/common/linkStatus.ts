import { createContext, useContext } from 'react';
import type { LinkStatus } from './Connection';

/** The connection's status, for components deep in the tree that must not send while it is down (composers). */
export const LinkStatusContext = createContext<LinkStatus>('online');

export const useLinkStatus = (): LinkStatus => useContext(LinkStatusContext);
