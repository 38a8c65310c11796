import { Alert, Button, Text } from '@mantine/core'
import { IconBug } from '@tabler/icons-react'
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
      <Alert
        role="alert"
        color="red"
        variant="outline"
        title={`${this.props.area} could not be shown`}
        icon={<IconBug aria-hidden />}
      >
        <Text size="sm">
          Something went wrong on this screen. Your saved work is safe: nothing you entered is lost,
          and edits waiting to sync are still waiting.
        </Text>
        <Text size="sm" c="dimmed" mt={4}>
          Details: {this.state.error.message}
        </Text>
        <Button variant="default" mt="sm" onClick={() => this.setState({ error: null })}>
          Try again
        </Button>
      </Alert>
    )
  }
}
