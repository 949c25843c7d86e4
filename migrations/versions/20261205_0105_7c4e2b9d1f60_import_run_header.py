"""Keep the header cells of a file rejected for its header, to show beside the expected one.

Revision ID: 7c4e2b9d1f60
Revises: 4b7e2c9d1f63
Create Date: 2026-12-05 01:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c4e2b9d1f60'
down_revision = '4b7e2c9d1f63'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('import_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('header', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('import_runs', schema=None) as batch_op:
        batch_op.drop_column('header')
