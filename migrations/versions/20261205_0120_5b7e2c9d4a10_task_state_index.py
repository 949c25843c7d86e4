"""Index unit tasks by state and deadline: the tracking board counts them by state and overdue.

Revision ID: 5b7e2c9d4a10
Revises: 7c4e2b9d1f60
Create Date: 2026-12-05 01:20:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5b7e2c9d4a10'
down_revision = '7c4e2b9d1f60'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('unit_tasks', schema=None) as batch_op:
        batch_op.create_index('ix_unit_tasks_state_deadline', ['state', 'deadline'], unique=False)


def downgrade():
    with op.batch_alter_table('unit_tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_unit_tasks_state_deadline')
