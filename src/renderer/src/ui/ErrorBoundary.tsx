import type { ErrorInfo, ReactNode } from 'react'
import { Component } from 'react'

interface Props {
  /** What the user was looking at, for the message. */
  area: string
  children: ReactNode
}

/** One per page: a crash shows a message in words, never a blank screen, and the rest keeps working. */
export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null }

  static getDerivedStateFromError(error: Error) {
    return { error }
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`${this.props.area} crashed`, error, info.componentStack)
    void window.outpost?.logs.write('error', `${this.props.area}: ${error.stack ?? error.message}`)
  }

  override render() {
    if (!this.state.error) return this.props.children
    return (
      <section role="alert" className="page-error">
        <h2>{this.props.area} could not be shown</h2>
        <p>
          Something went wrong on this screen. Your saved work is safe: nothing you entered is lost,
          and edits waiting to sync are still waiting.
        </p>
        <p className="muted">Details: {this.state.error.message}</p>
        <button type="button" className="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </section>
    )
  }
}
